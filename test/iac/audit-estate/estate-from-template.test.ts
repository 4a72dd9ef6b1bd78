import { describe, expect, it } from 'vitest';
import { estateFromTemplate } from '../../../src/iac/audit-estate/estate-from-template.js';
import type { AuditEstate } from '../../../src/model/audit-estate.js';
import { loadCases } from '../../support/case-loader.js';

/**
 * A template (its lines) and fragments of the estate iamtrim should read from it:
 * functions and roles by id (each a partial object, `toMatchObject`), the ids in order
 * when `functionIds` / `roleIds` are given, fields that must be absent, the log groups, and
 * one regular expression per `skipped` entry (in order).
 */
interface EstateCase {
  file: string;
  text: string[];
  params?: Record<string, string>;
  expect: {
    functionIds?: string[];
    roleIds?: string[];
    functions?: Record<string, Record<string, unknown>>;
    roles?: Record<string, Record<string, unknown>>;
    /** Fields each function (or role) must not have: `{ "Fn": ["url", "tracing"] }`. */
    absent?: { functions?: Record<string, string[]>; roles?: Record<string, string[]> };
    logGroups?: Record<string, unknown>[];
    skipped?: string[];
  };
}

describe('audit estate from templates (test/cases/audit-estate)', () => {
  for (const c of loadCases<EstateCase>('audit-estate')) {
    it(`${c.file}: ${c.description}`, () => {
      const text = c.data.text.join('\n') + '\n';
      const estate: AuditEstate = estateFromTemplate(c.data.file, text, { params: c.data.params ?? {} });
      const want = c.data.expect;
      expect(estate.subjects).toEqual([c.data.file]);
      if (want.functionIds) expect(estate.functions.map((f) => f.id)).toEqual(want.functionIds);
      if (want.roleIds) expect(estate.roles.map((r) => r.id)).toEqual(want.roleIds);
      for (const [id, fragment] of Object.entries(want.functions ?? {})) {
        const f = estate.functions.find((x) => x.id === id);
        expect(f, `function ${id}`).toBeDefined();
        expect(f, `function ${id}`).toMatchObject(fragment);
      }
      for (const [id, fragment] of Object.entries(want.roles ?? {})) {
        const r = estate.roles.find((x) => x.id === id);
        expect(r, `role ${id}`).toBeDefined();
        expect(r, `role ${id}`).toMatchObject(fragment);
      }
      for (const [id, keys] of Object.entries(want.absent?.functions ?? {})) {
        const f = estate.functions.find((x) => x.id === id) as Record<string, unknown> | undefined;
        expect(f, `function ${id}`).toBeDefined();
        for (const k of keys) expect(f?.[k], `function ${id}.${k}`).toBeUndefined();
      }
      for (const [id, keys] of Object.entries(want.absent?.roles ?? {})) {
        const r = estate.roles.find((x) => x.id === id) as Record<string, unknown> | undefined;
        expect(r, `role ${id}`).toBeDefined();
        for (const k of keys) expect(r?.[k], `role ${id}.${k}`).toBeUndefined();
      }
      if (want.logGroups) expect(estate.logGroups).toMatchObject(want.logGroups);
      if (want.skipped) {
        expect(estate.skipped.map((s) => s.reason)).toHaveLength(want.skipped.length);
        want.skipped.forEach((pattern, i) => expect(estate.skipped[i]?.reason).toMatch(new RegExp(pattern)));
      }
      // Every place is in the file as given, on a line of it.
      const lines = c.data.text.length + 1;
      const places = [
        ...estate.functions.flatMap((f) => [
          f.place,
          ...f.permissions.map((p) => p.place),
          ...(f.url ? [f.url.place] : []),
        ]),
        ...estate.roles.flatMap((r) => [
          r.place,
          ...r.statements.map((s) => s.place),
          ...r.managedPolicies.map((m) => m.place),
        ]),
        ...estate.logGroups.map((l) => l.place),
      ];
      for (const p of places) {
        expect(p.kind).toBe('file');
        if (p.kind === 'file') {
          expect(p.file).toBe(c.data.file);
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(lines);
        }
      }
    });
  }
});
