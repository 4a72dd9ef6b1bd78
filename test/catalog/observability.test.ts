import { describe, expect, it } from 'vitest';
import { createDefaultObservability } from '../../src/catalog/load-observability-data.js';
import { createObservabilityCatalog, type Observability } from '../../src/catalog/observability.js';
import { loadCases } from '../support/case-loader.js';

interface ObservabilityCase {
  action: string;
  /** The classification; `sourceIncludes` checks the reason of not-logged / permission-only. */
  expect?: { kind: Observability['kind']; resourceType?: string; sourceIncludes?: string };
  /** Actions whose calls need this one (dependents table). */
  neededByIncludes?: string[];
  neededByExcludes?: string[];
}

const catalog = createDefaultObservability();

describe('observability data (test/cases/observability)', () => {
  for (const c of loadCases<ObservabilityCase>('observability')) {
    it(`${c.file}: ${c.description}`, () => {
      const want = c.data.expect;
      if (want) {
        const got = catalog.observability(c.data.action);
        expect(got.kind).toBe(want.kind);
        if (want.resourceType) expect(got).toMatchObject({ resourceType: want.resourceType });
        if (want.sourceIncludes) {
          expect('source' in got ? got.source : '').toContain(want.sourceIncludes);
        }
      }
      const neededBy = catalog.neededBy(c.data.action);
      for (const a of c.data.neededByIncludes ?? []) expect(neededBy).toContain(a);
      for (const a of c.data.neededByExcludes ?? []) expect(neededBy).not.toContain(a);
    });
  }

  it('every case says something to check', () => {
    for (const c of loadCases<ObservabilityCase>('observability'))
      expect(c.data.expect ?? c.data.neededByIncludes, c.file).toBeDefined();
  });
});

describe('createObservabilityCatalog over a small data file', () => {
  const small = createObservabilityCatalog({
    management: { svc: ['ListThings'] },
    dataEvents: { 'svc:getthing': 'AWS::Svc::Thing' },
    notLogged: {},
    permissionOnly: { 'svc:passthing': 'checked by svc:ListThings' },
    withoutOperation: {
      svc: { apiList: 'client-svc@1.0.0', actions: ['passthing', 'buything', 'getthing'] },
    },
    unsupportedServices: [],
    dependents: {},
  });

  it('names the API list that lacks an action without a same-named operation', () => {
    expect(small.observability('svc:BuyThing')).toEqual({
      kind: 'permission-only',
      source: 'no API operation of this name in client-svc@1.0.0',
    });
  });

  it('lets curated data-event and permission-only entries win over the derived list', () => {
    expect(small.observability('svc:GetThing').kind).toBe('data');
    expect(small.observability('svc:PassThing')).toMatchObject({ source: 'checked by svc:ListThings' });
  });

  it('reads service and action names from the input as data, not as object members', () => {
    expect(small.observability('constructor:toString').kind).toBe('unknown');
    expect(small.observability('svc:constructor').kind).toBe('unknown');
    expect(small.neededBy('__proto__')).toEqual([]);
  });
});
