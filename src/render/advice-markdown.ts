import type { EvidenceAdvice } from './collect-advice.js';
import { buildDataEventSelector } from './data-event-selector.js';
import { md, mdCode, mdJsonLines } from './markdown-escape.js';
import { terminalSafe } from './terminal-safe.js';
import { wrapList, wrapText } from './wrap-text.js';

/** Whom the commands are for: the role ARNs (or names) and the functions that use them. */
export interface AdviceTarget {
  readonly roles: readonly string[];
  readonly functions: readonly string[];
}

// Past this many action names, the list of what a change would decide is collapsed.
const COLLAPSE_OVER = 24;

/**
 * The "What would let iamtrim remove more" section: for each piece of advice, most decisive
 * first, what to change (the exact selector, file or command) and which kept actions it
 * would let iamtrim decide. Values from policies and logs are escaped; code blocks use a
 * fence longer than any backtick run inside them.
 */
export function renderAdviceMarkdown(
  advice: readonly EvidenceAdvice[],
  target: AdviceTarget,
  heading = '##',
): string[] {
  const out: string[] = [`${heading} What would let iamtrim remove more`, ''];
  if (advice.length === 0) {
    out.push('iamtrim knows of no further evidence that would decide a kept action.', '');
    return out;
  }
  out.push(
    ...wrapText(
      'Each change below gives iamtrim evidence it lacks. Once the new evidence covers `--min-days`, run `iamtrim suggest` again: actions with no recorded use are then removed.',
      '',
      '',
    ),
    '',
  );
  advice.forEach((a, i) => {
    out.push(`${heading}# ${i + 1}. ${adviceTitle(a)} (decides ${a.actions.length} kept action(s))`, '');
    out.push(...adviceBody(a, target));
    out.push(...decidedList(a.actions));
  });
  return out;
}

/** One plain-text line per piece of advice, for terminals (the caller escapes it). */
export function summarizeAdvice(a: EvidenceAdvice): string {
  const n = `decides ${a.actions.length}`;
  switch (a.kind) {
    case 'data-events': {
      const scope = a.resources.includes('*') || a.resources.length === 0 ? 'all' : a.resources[0];
      const more = a.resources.length > 1 && scope !== 'all' ? ` (+${a.resources.length - 1} more)` : '';
      return `log ${a.service} data events (${a.resourceType}) for ${scope}${more}: ${n}`;
    }
    case 'last-accessed':
      return `--last-accessed (IAM last-accessed data: ${a.services.join(', ')}): ${n}`;
    case 'function-config':
      return `--function-config and --event-source-mappings: ${n}`;
    case 'management-events':
      return `log ${a.service} management events${a.readWrite ? ` (now ${a.readWrite})` : ''}: ${n}`;
    case 'region':
      return `CloudTrail logs of ${a.region}: ${n}`;
  }
}

function adviceTitle(a: EvidenceAdvice): string {
  switch (a.kind) {
    case 'data-events':
      return `Log ${md(a.service)} data events (${md(a.resourceType)})`;
    case 'last-accessed':
      return 'Give IAM last-accessed data (`--last-accessed`)';
    case 'function-config':
      return 'Give the functions’ configuration (`--function-config`, `--event-source-mappings`)';
    case 'management-events':
      return `Log ${md(a.service)} management events`;
    case 'region':
      return `Add the CloudTrail logs of ${md(a.region)}`;
  }
}

function adviceBody(a: EvidenceAdvice, target: AdviceTarget): string[] {
  const roles = target.roles.length ? target.roles : ['ROLE_ARN'];
  const functions = target.functions.length ? target.functions : ['FUNCTION'];
  switch (a.kind) {
    case 'data-events': {
      const scope =
        a.resources.length === 0 || a.resources.includes('*')
          ? 'for every resource of the type'
          : `for ${a.resources.map(mdCode).join(', ')}`;
      return [
        ...wrapText(
          `Add this advanced event selector to the trail, ${scope}${a.readOnly === undefined ? '' : a.readOnly ? ' (reads)' : ' (writes)'}. \`put-event-selectors\` replaces the trail's selectors: merge it with the output of \`aws cloudtrail get-event-selectors --trail-name TRAIL\` first.`,
          '',
          '',
        ),
        '',
        ...codeBlock('json', mdJsonLines([buildDataEventSelector(a)])),
        ...codeBlock('shell', [
          'aws cloudtrail put-event-selectors --trail-name TRAIL --advanced-event-selectors file://selectors.json',
        ]),
      ];
    }
    case 'last-accessed':
      return [
        ...wrapList(
          a.services.map(mdCode),
          'IAM records when the role last used each service, including calls CloudTrail does not log, for at least 400 days. Services:',
          '',
        ),
        '',
        ...codeBlock('shell', [
          ...roles.map(
            (r) =>
              `aws iam generate-service-last-accessed-details --arn ${shellQuote(r)} --granularity ACTION_LEVEL`,
          ),
          'aws iam get-service-last-accessed-details --job-id JOB_ID > last-accessed.json',
          'iamtrim suggest ... --last-accessed last-accessed.json',
        ]),
      ];
    case 'function-config': {
      const file = (f: string): string => f.replace(/[^A-Za-z0-9._-]/g, '_');
      return [
        ...wrapText(
          'What Lambda needs on the functions’ behalf (logs, VPC, event sources, dead-letter targets, tracing) depends on their configuration:',
          '',
          '',
        ),
        '',
        ...codeBlock('shell', [
          ...functions.flatMap((f) => [
            `aws lambda get-function-configuration --function-name ${shellQuote(f)} > ${file(f)}.json`,
            `aws lambda list-event-source-mappings --function-name ${shellQuote(f)} > ${file(f)}-esm.json`,
          ]),
          // One flag per line: any number of functions stays readable and short.
          'iamtrim suggest ... \\',
          ...functions.map((f) => `  --function-config ${file(f)}.json \\`),
          ...functions.map(
            (f, i) => `  --event-source-mappings ${file(f)}-esm.json${i < functions.length - 1 ? ' \\' : ''}`,
          ),
        ]),
      ];
    }
    case 'management-events':
      return [
        ...wrapText(
          `The trail does not record ${md(a.service)} management events${a.readWrite ? ` (it logs only ${md(a.readWrite)} ones)` : ''}. In the trail's management-event selector, remove the \`eventSource\` condition that excludes ${md(a.service)} and any \`readOnly\` condition, so that it reads:`,
          '',
          '',
        ),
        '',
        ...codeBlock(
          'json',
          mdJsonLines([
            {
              Name: 'Management events',
              FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }],
            },
          ]),
        ),
      ];
    case 'region':
      return [
        ...wrapText(
          `Give iamtrim the logs of ${md(a.region)} as well: a multi-region trail delivers them under \`AWSLogs/ACCOUNT/CloudTrail/${a.region.replace(/[^a-z0-9-]/g, '_')}/\`${a.region === 'us-east-1' ? '; global services (IAM, STS, CloudFront) log there' : ''}.`,
          '',
          '',
        ),
        '',
      ];
  }
}

function decidedList(actions: readonly string[]): string[] {
  const items = wrapList(actions.map(mdCode), '', '');
  if (actions.length <= COLLAPSE_OVER) return [...wrapList(actions.map(mdCode), 'It would decide:', ''), ''];
  return [
    `<details><summary>It would decide ${actions.length} actions</summary>`,
    '',
    ...items,
    '',
    '</details>',
    '',
  ];
}

/** A fenced block whose fence no line inside can close. */
function codeBlock(lang: string, lines: readonly string[]): string[] {
  const longest = Math.max(
    2,
    ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))),
  );
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${lang}`, ...lines, fence, ''];
}

/** A POSIX shell word; control and bidi characters shown as escapes, never run. */
function shellQuote(value: string): string {
  const visible = terminalSafe(value);
  return /^[A-Za-z0-9_.:/@=+-]+$/.test(visible) ? visible : `'${visible.replace(/'/g, `'\\''`)}'`;
}
