/**
 * IAM last-accessed data for one role, from what `aws iam get-service-last-accessed-details`
 * prints (or the same response read live). Semantics, from the IAM API reference:
 * - `ServicesLastAccessed` lists every service the role's permissions policies allow; a
 *   service with no attempt in the tracking period is listed without `LastAuthenticated`.
 * - Service-level data counts every attempt (console, SDKs, CLI), denied ones too, so it can
 *   prove "never tried" for data-plane actions as well, but "tried" is not "allowed".
 * - `TrackedActionsLastAccessed` (ACTION_LEVEL only) holds management actions that report to
 *   IAM; whether never-used tracked actions are listed is not documented, so only an entry
 *   without a time counts as "never", and an action that is absent says nothing.
 * - IAM reports at least the last 400 days.
 */

/** When something was last attempted, within the tracking period. */
export type AccessTime = { readonly kind: 'never' } | { readonly kind: 'accessed'; readonly at: string };

/** One service of the report. */
export interface ServiceAccess {
  /** The IAM prefix, lower-case (`dynamodb`). */
  readonly namespace: string;
  readonly last: AccessTime;
  /** Tracked actions by lower-case action name (`createtable`), when the report is action level. */
  readonly actions: ReadonlyMap<string, AccessTime>;
}

/** What IAM last-accessed says about one role. */
export interface LastAccessedEvidence {
  /** Where it came from: the file, or `IAM (generated)`. */
  readonly source: string;
  readonly granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL';
  /** When the report job completed: the end of the tracking period (ISO). */
  readonly completedAt: string;
  /** Start of the tracking period (ISO): 400 days before completion, or the role's creation. */
  readonly periodStart: string;
  /** True when the period starts at the role's creation (the role is younger than 400 days). */
  readonly periodIsRoleAge: boolean;
  /** By lower-case service namespace. */
  readonly services: ReadonlyMap<string, ServiceAccess>;
}

/** The parse result: the evidence, or every problem found (the caller names the file). */
export type LastAccessedParse =
  | { readonly kind: 'ok'; readonly evidence: LastAccessedEvidence }
  | { readonly kind: 'invalid'; readonly problems: readonly string[] };

/** IAM's documented reporting period. */
export const TRACKING_DAYS = 400;

// Far above what IAM returns (a role allowed `*` lists a few hundred services), so a
// hostile file cannot make the model arbitrarily large.
const MAX_SERVICES = 2000;
const MAX_ACTIONS_PER_SERVICE = 2000;
const NAMESPACE = /^[\w-]{1,64}$/;
const ACTION_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const DAY_MS = 86_400_000;

/**
 * Parses the response of GetServiceLastAccessedDetails (the AWS CLI JSON). A job that is not
 * COMPLETED is a problem, as is anything malformed. `roleCreatedAt` (ISO), when known,
 * shortens the tracking period to the role's age.
 */
export function parseLastAccessed(json: unknown, source: string, roleCreatedAt?: string): LastAccessedParse {
  const problems: string[] = [];
  if (!isRecord(json))
    return invalid('expected the JSON object aws iam get-service-last-accessed-details prints');
  const status = json.JobStatus;
  if (status !== 'COMPLETED') {
    const said = typeof status === 'string' ? status.slice(0, 40) : 'missing';
    const why =
      isRecord(json.Error) && typeof json.Error.Message === 'string'
        ? `: ${json.Error.Message.slice(0, 200)}`
        : '';
    return invalid(
      `JobStatus is ${said}${why}; only a COMPLETED report can be used (run get-service-last-accessed-details again once the job is done)`,
    );
  }
  const granularity = json.JobType ?? 'SERVICE_LEVEL';
  if (granularity !== 'SERVICE_LEVEL' && granularity !== 'ACTION_LEVEL')
    problems.push(`JobType must be SERVICE_LEVEL or ACTION_LEVEL`);
  const completed = isoTime(json.JobCompletionDate);
  if (completed === undefined) problems.push('JobCompletionDate is missing or not a date');
  const list = json.ServicesLastAccessed;
  if (!Array.isArray(list)) problems.push('ServicesLastAccessed must be a list');
  else if (list.length > MAX_SERVICES)
    problems.push(`ServicesLastAccessed has more than ${MAX_SERVICES} entries`);
  if (problems.length) return { kind: 'invalid', problems };

  const services = new Map<string, ServiceAccess>();
  (list as unknown[]).forEach((entry, i) => {
    const where = `ServicesLastAccessed[${i}]`;
    if (!isRecord(entry)) return problems.push(`${where} must be an object`);
    const ns = entry.ServiceNamespace;
    if (typeof ns !== 'string' || !NAMESPACE.test(ns))
      return problems.push(`${where}.ServiceNamespace must be a service prefix`);
    const last = accessTime(entry.LastAuthenticated, `${where}.LastAuthenticated`, problems);
    const actions = new Map<string, AccessTime>();
    const tracked = entry.TrackedActionsLastAccessed;
    if (tracked !== undefined && tracked !== null) {
      if (!Array.isArray(tracked)) problems.push(`${where}.TrackedActionsLastAccessed must be a list`);
      else if (tracked.length > MAX_ACTIONS_PER_SERVICE)
        problems.push(`${where}.TrackedActionsLastAccessed has more than ${MAX_ACTIONS_PER_SERVICE} entries`);
      else
        tracked.forEach((a, j) => {
          const at = `${where}.TrackedActionsLastAccessed[${j}]`;
          if (!isRecord(a) || typeof a.ActionName !== 'string' || !ACTION_NAME.test(a.ActionName))
            return problems.push(`${at}.ActionName must be an action name`);
          const time = accessTime(a.LastAccessedTime, `${at}.LastAccessedTime`, problems);
          if (time) actions.set(a.ActionName.toLowerCase(), time);
        });
    }
    if (last) services.set(ns.toLowerCase(), { namespace: ns.toLowerCase(), last, actions });
  });
  if (problems.length) return { kind: 'invalid', problems };

  const end = completed as string;
  const fourHundred = new Date(Date.parse(end) - TRACKING_DAYS * DAY_MS).toISOString();
  const created = roleCreatedAt ? isoTime(roleCreatedAt) : undefined;
  const periodIsRoleAge = created !== undefined && Date.parse(created) > Date.parse(fourHundred);
  return {
    kind: 'ok',
    evidence: {
      source,
      granularity: granularity as LastAccessedEvidence['granularity'],
      completedAt: end,
      periodStart: periodIsRoleAge ? (created as string) : fourHundred,
      periodIsRoleAge,
      services,
    },
  };
}

function invalid(problem: string): LastAccessedParse {
  return { kind: 'invalid', problems: [problem] };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An ISO time from the CLI's text (or a Date from the SDK); undefined when it is not one. */
function isoTime(v: unknown): string | undefined {
  const ms = v instanceof Date ? v.getTime() : typeof v === 'string' && v.length <= 64 ? Date.parse(v) : NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function accessTime(v: unknown, where: string, problems: string[]): AccessTime | undefined {
  // Absent or null: no attempt in the tracking period.
  if (v === undefined || v === null) return { kind: 'never' };
  const at = isoTime(v);
  if (at === undefined) {
    problems.push(`${where} is not a date`);
    return undefined;
  }
  return { kind: 'accessed', at };
}
