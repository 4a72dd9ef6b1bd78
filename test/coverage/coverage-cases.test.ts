import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/catalog/create-event-catalog.js';
import { eventSourcePrefix } from '../../src/catalog/event-source-prefix.js';
import lambdaNeedsData from '../../src/catalog/data/lambda-needs.json' with { type: 'json' };
import {
  lambdaPossibleNeeds,
  lambdaRequirements,
  type LambdaNeedsData,
} from '../../src/catalog/lambda-needs.js';
import { eventNamesOf } from '../../src/catalog/event-names-of.js';
import { createDefaultObservability } from '../../src/catalog/load-observability-data.js';
import type { TrailConfigJson } from '../../src/coverage/trail-config.js';
import type { Decision } from '../../src/synthesize/decision.js';
import { suggest } from '../../src/actions/suggest.js';
import type { UsageReport } from '../../src/usage/usage-report.js';
import { loadCases } from '../support/case-loader.js';
import { mustParse } from '../support/evidence.js';

/**
 * Coverage cases run the whole `suggest` core with the production catalog, observability
 * data and Lambda needs: what the trail can see decides what may go.
 */
interface CoverageCase {
  policy: unknown;
  used: { action: string; resources?: string[] }[];
  dataEventSources?: string[];
  window?: { from: string; to: string };
  regions?: string[];
  /** The role's session names (default ["fn"], which makes it a Lambda execution role). */
  sessions?: string[];
  options?: {
    dataEvents?: string[] | 'all' | 'none';
    regions?: string[] | 'all';
    trail?: TrailConfigJson;
    /** Several trails delivering the logs. */
    trails?: TrailConfigJson[];
    minDays?: number;
    force?: boolean;
    functionConfig?: Record<string, unknown>;
    eventSourceMappings?: Record<string, unknown>[];
  };
  expect: {
    granted?: Record<string, string[]>;
    notGranted?: string[];
    unchanged?: boolean;
    reasons?: Record<string, string>;
  };
}

const ROLE = 'arn:aws:iam::123456789012:role/service-role/fn-role';
const eventCatalog = createEventCatalog();
const observability = createDefaultObservability();

function report(c: CoverageCase): UsageReport {
  const window = c.window ?? { from: '2026-09-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' };
  return {
    principals: [
      {
        arn: ROLE,
        type: 'role',
        functions: c.sessions ?? ['fn'],
        actions: c.used.map((u) => ({
          action: u.action,
          count: 10,
          firstSeen: window.from,
          lastSeen: window.to,
          resources: u.resources ?? [],
          functions: ['fn'],
        })),
        denied: [],
      },
    ],
    unmapped: [],
    skipped: [],
    stats: {
      files: 1,
      records: 100,
      events: 100,
      window,
      regions: c.regions ?? ['us-east-1'],
      days: 60,
      dataEventSources: c.dataEventSources ?? [],
      classified: { nonApi: 0, serviceEvents: 0, permissionless: 0 },
    },
  };
}

/** Statement actions of the result, as action → resources. */
function grants(doc: { Statement: unknown }): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const list = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as {
    Effect: string;
    Action?: string | string[];
    Resource?: string | string[];
  }[];
  for (const s of list) {
    if (s.Effect !== 'Allow') continue;
    const actions = typeof s.Action === 'string' ? [s.Action] : (s.Action ?? []);
    const resources = typeof s.Resource === 'string' ? [s.Resource] : (s.Resource ?? []);
    for (const a of actions)
      out.set(a.toLowerCase(), [...(out.get(a.toLowerCase()) ?? []), ...resources].sort());
  }
  return out;
}

describe('coverage (test/cases/coverage)', () => {
  for (const c of loadCases<CoverageCase>('coverage')) {
    it(`${c.file}: ${c.description}`, () => {
      const o = c.data.options ?? {};
      const policy = mustParse(c.data.policy);
      const required = o.functionConfig
        ? lambdaRequirements(
            o.functionConfig,
            (o.eventSourceMappings ?? []) as never[],
            lambdaNeedsData as unknown as LambdaNeedsData,
          )
        : [];
      const outcome = suggest({
        usage: report(c.data),
        role: ROLE,
        policies: [policy],
        catalog: eventCatalog.actions,
        observability,
        sources: ['case'],
        prefixOf: (s) => eventSourcePrefix(s, eventCatalog.data.eventSourcePrefixes),
        coverage: {
          ...(o.dataEvents ? { dataEvents: o.dataEvents } : {}),
          ...(o.regions ? { regions: o.regions } : {}),
          ...(o.trail || o.trails ? { trails: [...(o.trail ? [o.trail] : []), ...(o.trails ?? [])] } : {}),
        },
        lambdaNeeds: lambdaPossibleNeeds(lambdaNeedsData as unknown as LambdaNeedsData),
        eventNamesOf: eventNamesOf(eventCatalog.data),
        ...(o.minDays !== undefined ? { minDays: o.minDays } : {}),
        ...(o.force ? { force: true } : {}),
        required,
      });
      const result = outcome.results[0];
      if (!result) throw new Error('no result');
      if (c.data.expect.unchanged) expect(result.after).toEqual(result.before);
      const g = grants(result.after as { Statement: unknown });
      for (const [action, resources] of Object.entries(c.data.expect.granted ?? {})) {
        expect(g.get(action.toLowerCase()), `${action} should be granted`).toEqual([...resources].sort());
      }
      for (const action of c.data.expect.notGranted ?? [])
        expect(g.has(action.toLowerCase()), `${action} should be gone`).toBe(false);
      for (const [action, text] of Object.entries(c.data.expect.reasons ?? {})) {
        const d = result.decisions.find(
          (x: Decision) => 'action' in x && x.action.toLowerCase() === action.toLowerCase() && 'reason' in x,
        ) as { reason: string } | undefined;
        const anyReason = d?.reason ?? result.decisions.find((x) => x.kind === 'statement-unchanged')?.reason;
        expect(anyReason, `a reason for ${action}`).toContain(text);
      }
    });
  }
});
