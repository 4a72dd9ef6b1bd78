import type { Decision } from '../synthesize/decision.js';

/** The longest note the diff puts beside a kept action. */
export const SHORT_REASON_MAX = 60;

type Kept = Extract<Decision, { kind: 'action-kept' }>;
type Required = Extract<Decision, { kind: 'action-required' }>;

// What a Lambda need is for, from the words of its reason (src/catalog/lambda-needs.ts).
const LAMBDA_NEEDS: readonly [RegExp, string][] = [
  [/\bVPC\b|network interface/i, 'VPC'],
  [/trac(e|ing)|x-?ray/i, 'X-Ray'],
  [/dead-letter/i, 'dead-letter queue'],
  [/destination|on-failure/i, 'destination'],
  [/event-source mapping|polls/i, 'event source'],
  [/encrypted/i, 'KMS environment'],
  [/\blogs?\b/i, 'logs'],
];

/**
 * A note of at most 60 characters saying why an action was kept without evidence of use,
 * for the `diff` output (`kept: data event, s3 data events not logged`). Plain text: the
 * caller makes it safe for its medium.
 */
export function shortKeptReason(d: Kept | Required): string {
  if (d.kind === 'action-required' || d.observability === 'lambda-need')
    return `kept: ${lambdaNeed(d.reason)}`;
  const service = d.action.slice(0, Math.max(0, d.action.indexOf(':')));
  switch (d.observability) {
    case 'data':
      return fit(`kept: data event, ${service} data events not logged`);
    case 'not-logged':
      return 'kept: CloudTrail never logs it';
    case 'permission-only':
      return 'kept: checked inside other calls, no event of its own';
    case 'unknown':
      return 'kept: unknown whether CloudTrail logs it';
    case 'dependency':
      return 'kept: needed by an action the role uses';
    case 'not-recorded':
    case 'management':
      return fit(`kept: ${d.reason.replace(/^the /, '')}`);
  }
}

function lambdaNeed(reason: string): string {
  const what = LAMBDA_NEEDS.find(([re]) => re.test(reason))?.[1];
  return what ? `Lambda needs this (${what})` : 'Lambda needs this';
}

function fit(text: string): string {
  return text.length <= SHORT_REASON_MAX ? text : `${text.slice(0, SHORT_REASON_MAX - 1).trimEnd()}…`;
}
