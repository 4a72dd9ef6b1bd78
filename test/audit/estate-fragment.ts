import type {
  AuditEstate,
  AuditFunction,
  AuditInvokePermission,
  AuditLogGroup,
  AuditRole,
  AuditStatement,
} from '../../src/model/audit-estate.js';
import type { FindingLocation } from '../../src/model/finding.js';
import type { UsageReport } from '../../src/usage/usage-report.js';

/**
 * Hand-written estate fragments: case files give only what a rule reads, and these fill the
 * rest (places, empty lists, Allow/Action/Resource) so a case stays readable.
 */
export interface EstateFragment {
  functions?: (Partial<Omit<AuditFunction, 'permissions'>> & {
    id: string;
    permissions?: Partial<AuditInvokePermission>[];
  })[];
  roles?: (Partial<Omit<AuditRole, 'statements' | 'managedPolicies'>> & {
    id: string;
    statements?: Partial<AuditStatement>[];
    managedPolicies?: string[];
  })[];
  logGroups?: Partial<AuditLogGroup>[];
}

const FILE = 'template.yaml';
const at = (line: number): FindingLocation => ({ kind: 'file', file: FILE, line });

/** A full `AuditEstate` from a fragment; line numbers are made up but distinct. */
export function estateOf(fragment: EstateFragment): AuditEstate {
  let line = 1;
  return {
    subjects: [FILE],
    functions: (fragment.functions ?? []).map((f) => ({
      ...f,
      place: f.place ?? at(line++),
      invokers: f.invokers ?? [],
      permissions: (f.permissions ?? []).map((p) => ({
        principal: '*',
        action: 'lambda:InvokeFunction',
        conditionKeys: [],
        ...p,
        place: p.place ?? at(line++),
      })),
    })),
    roles: (fragment.roles ?? []).map((r) => ({
      ...r,
      place: r.place ?? at(line++),
      statements: (r.statements ?? []).map((s, index) => ({
        policy: 'inline',
        index,
        effect: 'Allow' as const,
        actionKey: 'Action' as const,
        actions: [],
        resourceKey: 'Resource' as const,
        resources: ['*'],
        hasCondition: false,
        ...s,
        place: s.place ?? at(line++),
      })),
      managedPolicies: (r.managedPolicies ?? []).map((ref) => ({ ref, place: at(line++) })),
    })),
    logGroups: (fragment.logGroups ?? []).map((g) => ({
      name: 'unnamed',
      ...g,
      place: g.place ?? at(line++),
    })),
    skipped: [],
  };
}

/** A usage report fragment: principals (actions default to one call) and the data event sources. */
export interface UsageFragment {
  dataEventSources?: string[];
  principals: {
    arn: string;
    functions?: string[];
    actions: { action: string; resources?: string[]; functions?: string[]; count?: number }[];
  }[];
}

export function usageOf(fragment: UsageFragment): UsageReport {
  return {
    principals: fragment.principals.map((p) => ({
      arn: p.arn,
      type: 'role',
      functions: p.functions ?? [],
      actions: p.actions.map((a) => ({
        action: a.action,
        count: a.count ?? 1,
        firstSeen: '2026-11-01T00:00:00.000Z',
        lastSeen: '2026-11-30T00:00:00.000Z',
        resources: a.resources ?? [],
        functions: a.functions ?? [],
      })),
      denied: [],
    })),
    unmapped: [],
    skipped: [],
    stats: {
      files: 1,
      records: 1,
      events: 1,
      window: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z' },
      regions: ['us-east-1'],
      days: 30,
      dataEventSources: fragment.dataEventSources ?? [],
      classified: { nonApi: 0, serviceEvents: 0, permissionless: 0 },
    },
  };
}
