import type { PolicyDiff } from '../diff/policy-diff.js';

export interface DiffTextOptions {
  /** ANSI colour; the CLI turns it on only for a terminal without NO_COLOR. */
  readonly color: boolean;
}

const RED = '\u001b[31m';
const GREEN = '\u001b[32m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

/**
 * A per-statement before/after for people, in the spirit of `cdk diff`'s IAM table:
 * `-` lines leave, `+` lines arrive, unchanged statements are one line.
 */
export function renderPolicyDiff(diffs: readonly PolicyDiff[], options: DiffTextOptions): string {
  const paint = (code: string, text: string): string => (options.color ? `${code}${text}${RESET}` : text);
  const out: string[] = [];
  for (const d of diffs) {
    out.push(`Policy ${d.source}${d.empty ? ': no change' : ''}`);
    for (const s of d.statements) {
      const head = `  ${s.status.padEnd(9)} ${s.effect} statement ${s.label}`;
      if (s.status === 'unchanged') {
        out.push(paint(DIM, head));
        continue;
      }
      out.push(s.status === 'removed' ? paint(RED, head) : s.status === 'added' ? paint(GREEN, head) : head);
      for (const [key, lines] of [
        [s.actionKey, s.actions],
        [s.resourceKey, s.resources],
      ] as const) {
        out.push(`    ${key}:`);
        for (const l of lines) {
          const text = `      ${l.change} ${l.value}`;
          out.push(l.change === '-' ? paint(RED, text) : l.change === '+' ? paint(GREEN, text) : text);
        }
      }
      if (s.condition) out.push(`    Condition (kept verbatim): ${s.condition}`);
    }
    out.push('');
  }
  return out.join('\n');
}
