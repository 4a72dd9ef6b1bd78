import { POLICY_CHANGE_EVENT_NAMES, type PolicyChangeEvent } from '../model/policy-change.js';
import { MAX_POLICY_CHANGES, type UsageAccumulator } from './usage-accumulator.js';

const NAMES = new Set(POLICY_CHANGE_EVENT_NAMES);

/**
 * Keeps one IAM call that changes a role's policies, if `raw` is one; anything else is left
 * alone. Every field comes from the log, so each is taken only when it is a string.
 */
export function notePolicyChange(acc: UsageAccumulator, raw: unknown, timeMs: number, region: string): void {
  const r = raw as Record<string, unknown>;
  if (r.eventSource !== 'iam.amazonaws.com' || typeof r.eventName !== 'string' || !NAMES.has(r.eventName))
    return;
  if (acc.policyChanges.length >= MAX_POLICY_CHANGES) {
    acc.policyChangesDropped++;
    return;
  }
  acc.policyChanges.push(policyChangeOf(r, r.eventName, timeMs, region));
}

function policyChangeOf(
  r: Record<string, unknown>,
  eventName: string,
  timeMs: number,
  region: string,
): PolicyChangeEvent {
  const who = objectOf(r.userIdentity);
  const params = objectOf(r.requestParameters);
  const roleName = stringOf(params?.roleName);
  const policyArn = stringOf(params?.policyArn);
  const policyName = stringOf(params?.policyName);
  const errorCode = stringOf(r.errorCode);
  return {
    eventId: stringOf(r.eventID) ?? '',
    eventName,
    time: new Date(timeMs).toISOString(),
    // A service acting on its own has no ARN, only the service's name.
    actor: stringOf(who?.arn) ?? stringOf(who?.invokedBy) ?? 'unknown',
    ...(roleName !== undefined ? { roleName } : {}),
    ...(policyArn !== undefined ? { policyArn } : {}),
    ...(policyName !== undefined ? { policyName } : {}),
    region,
    ...(errorCode !== undefined ? { errorCode } : {}),
  };
}

function objectOf(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
