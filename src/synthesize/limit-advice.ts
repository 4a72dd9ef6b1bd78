import type { Decision, EvidenceHint } from './decision.js';
import { describeLimitCheck, fmt, type LimitCheck } from '../verify/iam-limits.js';

/** What was tried already, so the advice offers only what is left. */
export interface AdviceOptions {
  /** `offer`: --split is available; `tried`: it did not fit either; `none`: the command has no --split. */
  readonly split: 'offer' | 'tried' | 'none';
  /** Whether the policy was compacted (merged statements, wildcards without widening) first. */
  readonly compacted: boolean;
}

/** What a group of kept actions is waiting for, as one line of advice. */
type Group = EvidenceHint['kind'] | 'never-logged' | 'dependency' | 'lambda-need' | 'accessed' | 'other';

/**
 * The message for a policy that is still over IAM's limit after compaction: which policy,
 * its size against the limit, and what dominates it: the kept actions grouped by the
 * evidence that would decide them (the decisions' `hints`, else their observability),
 * biggest group first, each with what to give iamtrim.
 */
export function adviseOverLimit(
  check: LimitCheck,
  decisions: readonly Decision[],
  how: AdviceOptions,
): string {
  const sources = new Set(check.sources);
  const mine = decisions.filter((d) => sources.has(d.statement.source));
  const kept = new Set<string>();
  const usedServices = new Set<string>();
  for (const d of mine) {
    if (d.kind === 'action-kept' || d.kind === 'action-used' || d.kind === 'action-required')
      kept.add(d.action.toLowerCase());
    if (d.kind === 'action-used') usedServices.add(serviceOf(d.action));
  }
  const groups = new Map<Group, Map<string, Set<string>>>();
  // The resource types the data-event hints name: what the trail's selectors must add.
  const selectorTypes = new Set<string>();
  const add = (g: Group, service: string, action: string): void => {
    const byService = groups.get(g) ?? new Map<string, Set<string>>();
    const set = byService.get(service) ?? new Set<string>();
    set.add(action.toLowerCase());
    byService.set(service, set);
    groups.set(g, byService);
  };
  for (const d of mine) {
    if (d.kind !== 'action-kept') continue;
    const service = serviceOf(d.action);
    if (d.hints?.length) {
      for (const h of d.hints) if (h.kind === 'data-events') selectorTypes.add(h.resourceType);
      for (const h of d.hints)
        add(h.kind, 'service' in h ? h.service : h.kind === 'region' ? h.region : '', d.action);
      continue;
    }
    // Kept because IAM last-accessed saw use: asking for last-accessed again would not help.
    if (d.reason.startsWith('IAM last-accessed')) add('accessed', service, d.action);
    else add(fallbackGroup(d.observability, usedServices.has(service)), service, d.action);
  }
  const lines = [...groups]
    .map(([g, byService]) => ({ g, byService, count: unionSize(byService) }))
    .sort((a, b) => b.count - a.count || (a.g < b.g ? -1 : 1))
    .map(
      ({ g, byService, count }) =>
        `  - ${adviceLine(g, byService, count, kept.size, [...selectorTypes].sort())}`,
    );
  const head = `${describeLimitCheck(check)}${how.compacted ? ', even written as compactly as possible without granting more' : ''}.`;
  const tail =
    how.split === 'tried'
      ? `Even as several managed policies (--split) it does not fit; give the evidence below.`
      : how.split === 'offer'
        ? `Give the evidence below to remove more, or write it as several managed policies with --split.`
        : `Give the evidence below to remove more.`;
  return [head, tail, ...(lines.length ? [`Of ${fmt(kept.size)} kept action(s):`, ...lines] : [])].join('\n');
}

function fallbackGroup(observability: string, serviceCalled: boolean): Group {
  switch (observability) {
    case 'data':
      return 'data-events';
    case 'management':
    case 'unknown':
    case 'not-recorded':
      return serviceCalled ? 'other' : 'last-accessed';
    case 'not-logged':
    case 'permission-only':
      return 'never-logged';
    case 'dependency':
      return 'dependency';
    case 'lambda-need':
      return 'lambda-need';
    default:
      return 'other';
  }
}

function adviceLine(
  g: Group,
  byService: ReadonlyMap<string, ReadonlySet<string>>,
  count: number,
  total: number,
  selectorTypes: readonly string[],
): string {
  const n = fmt(count);
  const services = [...byService]
    .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
    .filter(([s]) => s !== '');
  const list = (max: number): string =>
    services
      .slice(0, max)
      .map(([s, set]) => `${s} ${fmt(set.size)}`)
      .join(', ') + (services.length > max ? `, and ${services.length - max} more` : '');
  switch (g) {
    case 'last-accessed':
      return `${n} of ${fmt(total)} kept actions belong to ${services.length} service(s) the role never called in the logs (${list(6)}): --last-accessed (IAM last-accessed data) would show whether the role ever used them`;
    case 'data-events':
      return `${n} data-event action${count === 1 ? '' : 's'} kept (${list(6)}): add data-event selectors for ${selectorTypes.length ? selectorTypes.slice(0, 6).join(', ') + (selectorTypes.length > 6 ? ` and ${selectorTypes.length - 6} more types` : '') : 'them'} to the trail (or --data-events/--trail-config when the logs already hold them)`;
    case 'management-events':
      return `${actions(count)} of services whose management events the logs lack (${list(6)}): log their management events`;
    case 'region':
      return `${actions(count)} that could have been called in regions the logs miss (${services.map(([s]) => s).join(', ')}): add logs from those regions`;
    case 'function-config':
      return `${actions(count)} kept for what Lambda may need on the functions' behalf: give --function-config (and --event-source-mappings)`;
    case 'never-logged':
      return `${actions(count)} CloudTrail never records (${list(6)}): no log can remove them; drop them by hand if the functions do not need them`;
    case 'dependency':
      return `${actions(count)} kept because an action that needs them was used (${list(6)})`;
    case 'lambda-need':
      return `${actions(count)} Lambda needs on the functions' behalf (${list(6)})`;
    case 'accessed':
      return `${actions(count)} that IAM last-accessed shows the role used, but the CloudTrail window does not (${list(6)}): logs over a longer window would show the calls`;
    case 'other':
      return `${actions(count)} kept for other reasons (${list(6)}): see the decisions in --format markdown`;
  }
}

/** "1 action", "2 actions". */
function actions(n: number): string {
  return `${fmt(n)} action${n === 1 ? '' : 's'}`;
}

function unionSize(byService: ReadonlyMap<string, ReadonlySet<string>>): number {
  const all = new Set<string>();
  for (const set of byService.values()) for (const a of set) all.add(a);
  return all.size;
}

function serviceOf(action: string): string {
  const i = action.indexOf(':');
  return (i < 0 ? action : action.slice(0, i)).toLowerCase();
}
