import type { ActionCatalog } from '../catalog/action-catalog.js';
import type { SnapshotPolicy } from '../model/drift-state.js';
import type { Finding, FindingEvidence } from '../model/finding.js';
import type { PolicyChangeEvent } from '../model/policy-change.js';
import { parsePolicy } from '../policy/parse-policy.js';
import type { Policy } from '../policy/policy.js';
import { DRIFT_SEVERITY } from './drift-severity.js';
import { grantsAdded } from './grants-added.js';
import { trustGrantsAdded } from './trust-changes.js';

/** What the policy comparison of one role needs. */
export interface PolicyDriftInput {
  /** Role ARN. */
  readonly role: string;
  readonly roleName: string;
  readonly previous: readonly SnapshotPolicy[];
  readonly now: readonly SnapshotPolicy[];
  /** IAM calls from the logs read since the previous run (any role: matched here). */
  readonly changes: readonly PolicyChangeEvent[];
  readonly catalog: ActionCatalog;
}

type Part = 'permissions' | 'boundary' | 'trust';

const EVENTS_OF: Readonly<Record<Part, ReadonlySet<string>>> = {
  permissions: new Set([
    'PutRolePolicy',
    'DeleteRolePolicy',
    'AttachRolePolicy',
    'DetachRolePolicy',
    'CreatePolicyVersion',
    'SetDefaultPolicyVersion',
    'DeletePolicyVersion',
  ]),
  boundary: new Set([
    'PutRolePermissionsBoundary',
    'DeleteRolePermissionsBoundary',
    'CreatePolicyVersion',
    'SetDefaultPolicyVersion',
  ]),
  trust: new Set(['UpdateAssumeRolePolicy']),
};

const NO_EVENT = "no IAM event in the logs read (changed outside the trail's window or region)";
const MAX_EVENTS = 5;
const MAX_ACTIONS = 10;

/**
 * `policy-widened` / `policy-narrowed` for one role: its permission policies (inline and
 * attached, judged together, since moving a statement between them changes nothing), its
 * boundary and its trust policy, each compared with the previous snapshot by meaning, not by
 * text. Both findings can come from one change. Who did it comes from the IAM calls in the
 * logs that name the role or one of its managed policies.
 */
export function findPolicyDrift(input: PolicyDriftInput): Finding[] {
  const out: Finding[] = [];
  for (const part of ['permissions', 'boundary', 'trust'] as const) {
    const old = input.previous.filter((p) => partOf(p) === part);
    const now = input.now.filter((p) => partOf(p) === part);
    const changed = changedPolicies(old, now);
    if (changed.length === 0) continue;
    const managed = new Set([...old, ...now].filter((p) => p.name.startsWith('arn:')).map((p) => p.name));
    const events = eventsFor(input, part, managed);
    const base = (
      kind: 'policy-widened' | 'policy-narrowed',
      what: string,
      detail: FindingEvidence[],
    ): Finding => ({
      rule: kind,
      severity: DRIFT_SEVERITY[kind],
      subject: { role: input.role, ...(changed.length === 1 ? { policy: changed[0]!.name } : {}) },
      message: `${input.roleName}: ${what}`,
      evidence: [...changed.map((c) => c.evidence), ...detail, ...events],
    });
    for (const delta of compare(part, old, now, input.catalog))
      out.push(base(delta.kind, delta.what, delta.evidence));
  }
  return out;
}

interface Delta {
  readonly kind: 'policy-widened' | 'policy-narrowed';
  readonly what: string;
  readonly evidence: FindingEvidence[];
}

function compare(
  part: Part,
  old: readonly SnapshotPolicy[],
  now: readonly SnapshotPolicy[],
  catalog: ActionCatalog,
): Delta[] {
  if (part === 'trust') {
    const added = trustGrantsAdded(old[0]?.document, now[0]?.document);
    const removed = trustGrantsAdded(now[0]?.document, old[0]?.document);
    return [
      ...(added.length
        ? [trustDelta('policy-widened', 'trust policy widened: more principals may assume the role', added)]
        : []),
      ...(removed.length
        ? [
            trustDelta(
              'policy-narrowed',
              'trust policy narrowed: fewer principals may assume the role',
              removed,
            ),
          ]
        : []),
    ];
  }
  if (part === 'boundary' && (old.length === 0 || now.length === 0)) {
    // No boundary caps nothing: setting one narrows, removing one widens.
    return old.length === 0
      ? [{ kind: 'policy-narrowed', what: `permissions boundary ${now[0]!.name} set`, evidence: [] }]
      : [{ kind: 'policy-widened', what: `permissions boundary ${old[0]!.name} removed`, evidence: [] }];
  }
  const before = parseAll(old);
  const after = parseAll(now);
  const where = part === 'boundary' ? 'permissions boundary' : 'permissions';
  if (before.kind === 'invalid' || after.kind === 'invalid') {
    // What cannot be evaluated may widen: say so, at the widened severity.
    const bad = before.kind === 'invalid' ? before.name : after.kind === 'invalid' ? after.name : '';
    return [
      {
        kind: 'policy-widened',
        what: `${where} changed and could not be evaluated (${bad} is not a valid policy)`,
        evidence: [],
      },
    ];
  }
  const out: Delta[] = [];
  const widened = grantsAdded(before.policies, after.policies, catalog);
  if (widened.pairs > 0 || widened.deniesDropped.length > 0)
    out.push(grantDelta('policy-widened', `${where} widened`, 'now allows', widened));
  const narrowed = grantsAdded(after.policies, before.policies, catalog);
  if (narrowed.pairs > 0 || narrowed.deniesDropped.length > 0)
    out.push(grantDelta('policy-narrowed', `${where} narrowed`, 'no longer allows', narrowed));
  return out;
}

function grantDelta(
  kind: Delta['kind'],
  what: string,
  verb: string,
  g: ReturnType<typeof grantsAdded>,
): Delta {
  const shown = g.actions.slice(0, MAX_ACTIONS);
  const more = g.actions.length - shown.length;
  const evidence: FindingEvidence[] = [];
  if (g.actions.length > 0)
    evidence.push({
      source: 'evaluator',
      detail: `${verb} ${g.actions.length} action(s) it did not before: ${shown.join(', ')}${more > 0 ? ` (+${more} more)` : ''}; e.g. ${g.examples.join('; ')}`,
      count: g.actions.length,
    });
  for (const d of g.deniesDropped)
    evidence.push({
      source: 'evaluator',
      detail: `${kind === 'policy-widened' ? 'removed' : 'added'}: ${d}`,
    });
  const summary =
    g.actions.length > 0
      ? `${g.actions.length} action(s), e.g. ${shown.slice(0, 3).join(', ')}`
      : 'a Deny statement';
  return { kind, what: `${what}: ${verb} ${summary}`, evidence };
}

function trustDelta(kind: Delta['kind'], what: string, lines: readonly string[]): Delta {
  return {
    kind,
    what,
    evidence: lines.slice(0, MAX_ACTIONS).map((l) => ({
      source: 'evaluator',
      detail: `${kind === 'policy-widened' ? 'added' : 'removed'}: ${l}`,
    })),
  };
}

function partOf(p: SnapshotPolicy): Part {
  return p.kind === 'boundary' ? 'boundary' : p.kind === 'trust' ? 'trust' : 'permissions';
}

interface Changed {
  readonly name: string;
  readonly evidence: FindingEvidence;
}

function changedPolicies(old: readonly SnapshotPolicy[], now: readonly SnapshotPolicy[]): Changed[] {
  const key = (p: SnapshotPolicy): string => `${p.kind}\u0000${p.name}`;
  const oldBy = new Map(old.map((p) => [key(p), p]));
  const nowBy = new Map(now.map((p) => [key(p), p]));
  const label = (p: SnapshotPolicy): string => `${p.kind === 'trust' ? '' : `${p.kind} policy `}${p.name}`;
  const out: Changed[] = [];
  for (const p of now) {
    const before = oldBy.get(key(p));
    if (!before) out.push({ name: p.name, evidence: { source: 'snapshot', detail: `${label(p)} added` } });
    else if (before.hash !== p.hash)
      out.push({
        name: p.name,
        evidence: {
          source: 'snapshot',
          detail: `${label(p)} changed (${before.hash.slice(0, 19)} → ${p.hash.slice(0, 19)})`,
        },
      });
  }
  for (const p of old)
    if (!nowBy.has(key(p)))
      out.push({ name: p.name, evidence: { source: 'snapshot', detail: `${label(p)} removed` } });
  return out;
}

type Parsed =
  { readonly kind: 'ok'; readonly policies: Policy[] } | { readonly kind: 'invalid'; readonly name: string };

function parseAll(policies: readonly SnapshotPolicy[]): Parsed {
  const out: Policy[] = [];
  for (const p of policies) {
    const parsed = parsePolicy(p.document, p.name);
    if (parsed.kind === 'invalid') return { kind: 'invalid', name: p.name };
    out.push(parsed.policy);
  }
  return { kind: 'ok', policies: out };
}

function eventsFor(input: PolicyDriftInput, part: Part, managedArns: ReadonlySet<string>): FindingEvidence[] {
  const name = input.roleName.toLowerCase();
  const matching = input.changes
    .filter(
      (e) =>
        e.errorCode === undefined &&
        EVENTS_OF[part].has(e.eventName) &&
        // Role calls name the role; policy-version calls name only the managed policy.
        ((e.roleName !== undefined && e.roleName.toLowerCase() === name) ||
          (e.roleName === undefined && e.policyArn !== undefined && managedArns.has(e.policyArn))),
    )
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.eventId < b.eventId ? -1 : 1));
  if (matching.length === 0) return [{ source: 'cloudtrail', detail: NO_EVENT }];
  return matching.slice(-MAX_EVENTS).map((e) => ({
    source: 'cloudtrail',
    detail: `${e.eventName}${e.policyName ? ` ${e.policyName}` : ''}${e.policyArn ? ` ${e.policyArn}` : ''} by ${e.actor} in ${e.region}`,
    firstSeen: e.time,
    lastSeen: e.time,
    eventId: e.eventId,
    actor: e.actor,
  }));
}
