import { eventSourcePrefix } from '../catalog/event-source-prefix.js';
import type { ActionCatalog } from '../catalog/action-catalog.js';
import { arnsForAction } from '../catalog/arn-type-matcher.js';
import type { Observability, ObservabilityCatalog } from '../catalog/observability.js';
import { coveringRule } from '../coverage/data-event-selectors.js';
import type { ReadWrite } from '../coverage/trail-config.js';
import { cloudTrailAttemptsOf, lastAccessedVerdict } from './last-accessed-verdict.js';
import type { EvidenceHint } from './decision.js';
import type { RemovalVerdict } from './verdict.js';
import { lambdaNeedFor, type RoleEvidence } from './role-evidence.js';

export type { KeptBecause, RemovalVerdict } from './verdict.js';

/** What a verdict consults: the action catalog, observability, and (optionally) event names. */
export interface VerdictContext {
  readonly catalog: ActionCatalog;
  readonly observability: ObservabilityCatalog;
  /** Every CloudTrail event name whose call needs the action (for selectors filtering on eventName). */
  readonly eventNamesOf?: (action: string) => readonly string[] | undefined;
  /** CloudTrail eventSource → IAM prefix (for selectors filtering on eventSource). */
  readonly prefixOf?: (eventSource: string) => string;
}

// Global services deliver their events to us-east-1 (CloudTrail User Guide, "Understanding
// multi-Region trails and global service events").
const GLOBAL_SERVICES = new Set([
  'iam',
  'cloudfront',
  'route53',
  'organizations',
  'waf',
  'globalaccelerator',
  'shield',
]);

/**
 * May a granted action that the evidence shows no successful use of be removed from the
 * given resources? Only when its use there would have been recorded: a management event
 * the trail keeps, or a data event a selector of the trail logs for every one of those
 * resources. Lambda's own needs are kept. Otherwise it stays, with the reason and the
 * evidence that would decide it.
 */
export function removalVerdict(
  action: string,
  evidence: RoleEvidence,
  ctx: VerdictContext,
  resources: readonly string[] = ['*'],
): RemovalVerdict {
  const lower = action.toLowerCase();
  if (evidence.denied.some((d) => d.action.toLowerCase() === lower)) {
    return { remove: true, reason: `only denied calls seen; ${seenText(evidence)} as a successful call` };
  }
  // Lambda's own needs only ever keep: no evidence, last-accessed included, narrows them.
  const need = lambdaNeedFor(evidence, action);
  if (need) {
    return {
      remove: false,
      observability: 'lambda-need',
      reason: `Lambda needs this for ${need.purpose}; give --function-config to decide`,
      hints: [{ kind: 'function-config' }],
    };
  }
  // IAM last-accessed, when given, speaks next (it sees data-plane use CloudTrail may not).
  const lastAccessed = evidence.lastAccessed
    ? lastAccessedVerdict(
        action,
        evidence.lastAccessed,
        evidence.coverage.window.from,
        cloudTrailAttemptsOf(evidence),
      )
    : undefined;
  if (lastAccessed) return lastAccessed;
  const r = recordedVerdict(action, evidence, ctx, resources);
  if (r.recorded) return { remove: true, reason: `${seenText(evidence)}; ${r.how}` };
  return {
    remove: false,
    observability: r.observability,
    reason: r.reason,
    ...(r.hints ? { hints: r.hints } : {}),
  };
}

export type RecordedVerdict =
  | { readonly recorded: true; readonly how: string }
  | {
      readonly recorded: false;
      readonly observability: Observability['kind'] | 'not-recorded';
      readonly reason: string;
      readonly hints?: readonly EvidenceHint[];
    };

/**
 * Would CloudTrail, as configured, have recorded every call of this action on these
 * resources? This is also what decides whether a used action may be narrowed: narrowing
 * removes its use on the resources left out.
 */
export function recordedVerdict(
  action: string,
  evidence: RoleEvidence,
  ctx: VerdictContext,
  resources: readonly string[],
): RecordedVerdict {
  const lower = action.toLowerCase();
  const service = lower.slice(0, lower.indexOf(':'));
  const c = evidence.coverage;
  const read = isRead(action, ctx.catalog);
  // The kind of event the trail filter keeps when it drops this action's kind.
  const filtered = (rw: ReadWrite): 'write' | 'read' | undefined =>
    rw === 'WriteOnly' && read ? 'write' : rw === 'ReadOnly' && !read ? 'read' : undefined;
  const o = ctx.observability.observability(action);
  switch (o.kind) {
    case 'management': {
      const m = c.management;
      const hint: EvidenceHint = { kind: 'management-events', service };
      if (!m.logged) return notRecorded('the trail does not log management events', [hint]);
      if (m.excludedServices.has(service))
        return notRecorded(`the trail excludes ${service} management events`, [hint]);
      if (m.onlyServices && !m.onlyServices.has(service))
        return notRecorded(`the trail logs management events of other services only`, [hint]);
      const rw = filtered(m.readWrite);
      if (rw)
        return notRecorded(`the trail logs only ${rw} management events`, [
          { kind: 'management-events', service, readWrite: 'All' },
        ]);
      if (
        GLOBAL_SERVICES.has(service) &&
        c.regionsCovered !== 'unknown' &&
        c.regionsCovered !== 'all' &&
        !c.regionsCovered.includes('us-east-1')
      ) {
        return notRecorded(
          `${service} is a global service logged in us-east-1, which the logs do not cover`,
          [{ kind: 'region', region: 'us-east-1' }],
        );
      }
      return { recorded: true, how: 'CloudTrail logs it as a management event' };
    }
    case 'data': {
      const type = o.resourceType;
      const asserted = c.allDataEvents || c.dataEvents.has(service);
      if (asserted) {
        const f = filtered(c.allDataEvents ? 'All' : (c.dataEvents.get(service) ?? 'All'));
        if (!f)
          return {
            recorded: true,
            how: `logged as a data event (${type}); --data-events says they are logged`,
          };
      }
      const relevant = resourcesOfAction(action, resources, ctx.catalog);
      const prefixOf = ctx.prefixOf ?? ((s: string) => eventSourcePrefix(s, {}));
      const rule = coveringRule(c.dataRules, {
        resourceType: type,
        resources: relevant,
        read,
        eventNames: ctx.eventNamesOf?.(action),
        isOwnSource: (s) => prefixOf(s) === service,
      });
      if (rule)
        return {
          recorded: true,
          how: `logged as a data event (${type}), and the trail${rule.trail ? ` ${rule.trail}` : ''} logs ${rule.label}`,
        };
      const hint: EvidenceHint = {
        kind: 'data-events',
        resourceType: type,
        service,
        resources: relevant,
        ...(read ? { readOnly: true } : {}),
      };
      const on = relevant.length === 1 && relevant[0] === '*' ? 'every resource' : relevant.join(', ');
      const ofType = c.dataRules.filter((r) => r.resourceType === type);
      if (ofType.length > 0 && ofType.every((r) => !readWriteCovers(r.readWrite, read)))
        return notRecorded(
          `logged only as a data event (${type}), and the trail logs only ${read ? 'write' : 'read'} events of that type`,
          [hint],
          'not-recorded',
        );
      if (c.selectorsUnknown && !asserted)
        return notRecorded(
          `logged only as a data event (${type}); without the trail's selectors it is unknown whether ${on} is logged`,
          [hint],
          'data',
        );
      return notRecorded(
        `logged only as a data event (${type}); no data-event selector covers ${on}`,
        [hint],
        'data',
      );
    }
    case 'not-logged':
      return notRecorded(`CloudTrail never logs it (${o.source})`, undefined, o.kind);
    case 'permission-only':
      return notRecorded(
        `checked inside other calls, never an event of its own (${o.source})`,
        undefined,
        o.kind,
      );
    case 'unknown':
      // Once last-accessed data is given, it has said all it can about this action.
      return notRecorded(
        'whether CloudTrail logs it is unknown',
        evidence.lastAccessed ? undefined : [{ kind: 'last-accessed', service }],
        o.kind,
      );
  }
}

function notRecorded(
  reason: string,
  hints: readonly EvidenceHint[] | undefined,
  observability: Observability['kind'] | 'not-recorded' = 'not-recorded',
): RecordedVerdict {
  return { recorded: false, observability, reason, ...(hints ? { hints } : {}) };
}

/**
 * The grant's patterns that can name a resource of the action (the object patterns for
 * s3:GetObject, not the bucket ones). When none can be told apart, all of them.
 */
function resourcesOfAction(
  action: string,
  patterns: readonly string[],
  catalog: ActionCatalog,
): readonly string[] {
  if (patterns.length === 0) return ['*'];
  const info = catalog.action(action);
  if (!info || info.resourceTypes.length === 0 || patterns.includes('*')) return patterns;
  // A pattern with a wildcard can match ARNs of any type (`arn:aws:s3:::*` matches objects
  // too), so only a literal ARN of another type is left out.
  const typed = patterns.filter(
    (p) => /[*?]|\$\{/.test(p) || arnsForAction([p], info.resourceTypes, catalog).length > 0,
  );
  return typed.length > 0 ? typed : patterns;
}

function readWriteCovers(rw: ReadWrite, read: boolean): boolean {
  return rw === 'All' || (rw === 'ReadOnly' ? read : !read);
}

function seenText(evidence: RoleEvidence): string {
  const c = evidence.coverage;
  return `not seen in ${c.spanDays} day(s) (${c.window.from?.slice(0, 10) ?? '?'} to ${c.window.to?.slice(0, 10) ?? '?'}, ${c.events} event(s))`;
}

function isRead(action: string, catalog: ActionCatalog): boolean {
  const level = catalog.action(action)?.accessLevel;
  return level === 'Read' || level === 'List';
}
