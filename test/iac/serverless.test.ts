import { describe, expect, it } from 'vitest';
import { locateServerlessPolicies } from '../../src/iac/serverless/locate-serverless.js';
import type { LocatedPolicy, TemplateValue } from '../../src/iac/template-policy.js';
import { loadCases } from '../support/case-loader.js';
import { checkServerlessInvariants } from '../support/serverless-invariants.js';

/**
 * A serverless.yml case: the file's text and every policy expected in it, in order.
 * Values are given by their exact source text; the optional `*Values` fields compare the
 * parsed values (kind, value, expression) as well.
 */
interface ServerlessCase {
  yaml: string;
  expect: {
    role: string;
    path: string;
    kind: LocatedPolicy['kind'];
    line: number;
    indent?: number;
    /** The exact text of `listRange`, or null when there must be none. */
    listSource?: string | null;
    noteIncludes?: string[];
    statements: {
      effect: 'Allow' | 'Deny';
      sid?: string;
      actionKey?: 'Action' | 'NotAction';
      resourceKey?: 'Resource' | 'NotResource';
      actions: string[];
      resources: string[];
      /** The exact text of the statement's range. */
      source?: string;
      conditionSource?: string | null;
      actionValues?: Omit<TemplateValue, 'source'>[];
      resourceValues?: Omit<TemplateValue, 'source'>[];
    }[];
  }[];
}

const withoutSource = (v: TemplateValue) => {
  const { source: _source, ...rest } = v;
  return rest;
};

describe('locateServerlessPolicies (test/cases/iac-serverless)', () => {
  for (const c of loadCases<ServerlessCase>('iac-serverless')) {
    it(`${c.file}: ${c.description}`, () => {
      const text = c.data.yaml;
      const found = locateServerlessPolicies('serverless.yml', text);
      expect(
        found.map((p) => `${p.role} ${p.path} ${p.kind}`),
        JSON.stringify(found.map((p) => p.note)),
      ).toEqual(c.data.expect.map((e) => `${e.role} ${e.path} ${e.kind}`));
      c.data.expect.forEach((want, i) => {
        const got = found[i] as LocatedPolicy;
        expect(got.file).toBe('serverless.yml');
        expect(got.format).toBe('serverless');
        expect(got.line, `${want.path} line`).toBe(want.line);
        if (want.indent !== undefined) expect(got.indent, `${want.path} indent`).toBe(want.indent);
        if (want.listSource !== undefined)
          expect(got.listRange ? text.slice(got.listRange[0], got.listRange[1]) : null).toBe(want.listSource);
        for (const part of want.noteIncludes ?? []) expect(got.note ?? '').toContain(part);
        expect(got.statements, `${want.path} statements`).toHaveLength(want.statements.length);
        want.statements.forEach((ws, j) => {
          const gs = got.statements[j]!;
          expect(gs.effect).toBe(ws.effect);
          expect(gs.sid).toBe(ws.sid);
          expect(gs.actionKey).toBe(ws.actionKey ?? 'Action');
          expect(gs.resourceKey).toBe(ws.resourceKey ?? 'Resource');
          expect(gs.actions.map((v) => v.source)).toEqual(ws.actions);
          expect(gs.resources.map((v) => v.source)).toEqual(ws.resources);
          if (ws.source !== undefined) expect(text.slice(gs.range[0], gs.range[1])).toBe(ws.source);
          if (ws.conditionSource !== undefined) expect(gs.conditionSource ?? null).toBe(ws.conditionSource);
          if (ws.actionValues) expect(gs.actions.map(withoutSource)).toEqual(ws.actionValues);
          if (ws.resourceValues) expect(gs.resources.map(withoutSource)).toEqual(ws.resourceValues);
        });
      });
      expect(checkServerlessInvariants(text, found)).toEqual([]);
    });
  }

  it('never throws, whatever the text', () => {
    for (const text of [
      '',
      '---\n',
      'provider',
      '[1, 2',
      'provider: [',
      ': :',
      '\t- x',
      '{a: 1}\n---\n{b: 2}',
    ]) {
      expect(() => locateServerlessPolicies('x.yml', text)).not.toThrow();
    }
  });
});
