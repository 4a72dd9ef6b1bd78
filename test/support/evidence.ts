import { workOutCoverage } from '../../src/coverage/input-coverage.js';
import { parsePolicy } from '../../src/policy/parse-policy.js';
import type { Policy } from '../../src/policy/policy.js';
import type { RoleEvidence } from '../../src/synthesize/role-evidence.js';
import type { ActionReport, DeniedReport } from '../../src/usage/usage-report.js';

/** Usage as tests write it: actions with resources, optional denials and data-event services. */
export interface TestUsage {
  used: { action: string; resources?: string[]; unresolved?: number; functions?: string[] }[];
  denied?: { action: string; errorCode?: string }[];
  dataEventServices?: string[];
}

export function evidenceOf(c: TestUsage): RoleEvidence {
  const used: ActionReport[] = c.used.map((u) => ({
    action: u.action,
    count: 1,
    firstSeen: '2026-10-01T00:00:00.000Z',
    lastSeen: '2026-10-30T00:00:00.000Z',
    resources: u.resources ?? [],
    functions: u.functions ?? ['fn'],
    ...(u.unresolved ? { unresolved: u.unresolved } : {}),
  }));
  const denied: DeniedReport[] = (c.denied ?? []).map((d) => ({
    action: d.action,
    count: 1,
    errorCode: d.errorCode ?? 'AccessDenied',
    firstSeen: '2026-10-01T00:00:00.000Z',
    lastSeen: '2026-10-02T00:00:00.000Z',
    resources: [],
    functions: ['fn'],
  }));
  return {
    roleArn: 'arn:aws:iam::123456789012:role/r',
    functions: ['fn'],
    used: new Map(used.map((u) => [u.action.toLowerCase(), u])),
    denied,
    required: [],
    lambdaRole: false,
    lambdaNeeds: [],
    unconfiguredFunctions: [],
    coverage: workOutCoverage(
      {
        window: { from: '2026-10-01T00:00:00.000Z', to: '2026-10-30T00:00:00.000Z' },
        days: 30,
        events: 1000,
        regions: ['us-east-1'],
        dataEventServices: c.dataEventServices ?? [],
      },
      // Data events in a test's evidence stand for a trail that logs them for every resource.
      c.dataEventServices?.length ? { dataEvents: c.dataEventServices } : {},
    ),
  };
}

export function mustParse(doc: unknown, source = 'policy.json'): Policy {
  const parsed = parsePolicy(doc, source);
  if (parsed.kind === 'invalid') throw new Error(JSON.stringify(parsed.problems));
  return parsed.policy;
}
