import type { PolicyDiff } from '../diff/policy-diff.js';
import type { Decision } from '../synthesize/decision.js';
import { createKeptNotes } from './kept-notes.js';
import { terminalSafe } from './terminal-safe.js';

export interface DiffTextOptions {
  /** ANSI colour; the CLI turns it on only for a terminal without NO_COLOR. */
  readonly color: boolean;
  /**
   * The tightening's decisions. When given, each action line kept without evidence of use
   * gets a short reason (`# kept: CloudTrail never logs it`). Default: none.
   */
  readonly decisions?: readonly Decision[];
}

const RED = '\u001b[31m';
const GREEN = '\u001b[32m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

// Notes line up after the action names, unless a name is longer than this.
const NOTE_COLUMN = 48;

/**
 * A per-statement before/after for people, in the spirit of `cdk diff`'s IAM table:
 * `-` lines leave, `+` lines arrive, unchanged statements are one line. Actions kept only
 * because their use could not have been recorded say why, after a `#`. Every value from a
 * policy is made terminal-safe.
 */
export function renderPolicyDiff(diffs: readonly PolicyDiff[], options: DiffTextOptions): string {
  const paint = (code: string, text: string): string => (options.color ? `${code}${text}${RESET}` : text);
  const s = terminalSafe;
  const noteFor = createKeptNotes(options.decisions ?? []);
  const out: string[] = [];
  for (const d of diffs) {
    out.push(`Policy ${s(d.source)}${d.empty ? ': no change' : ''}`);
    for (const st of d.statements) {
      const head = `  ${st.status.padEnd(9)} ${st.effect} statement ${s(st.label)}`;
      if (st.status === 'unchanged') {
        out.push(paint(DIM, head));
        continue;
      }
      out.push(
        st.status === 'removed' ? paint(RED, head) : st.status === 'added' ? paint(GREEN, head) : head,
      );
      for (const [key, lines] of [
        [st.actionKey, st.actions],
        [st.resourceKey, st.resources],
      ] as const) {
        out.push(`    ${key}:`);
        for (const l of lines) {
          const text = `      ${l.change} ${s(l.value)}`;
          const line = l.change === '-' ? paint(RED, text) : l.change === '+' ? paint(GREEN, text) : text;
          // Only what the new policy still grants can be "kept".
          const note =
            key === 'Action' && l.change !== '-' && st.status !== 'removed'
              ? noteFor(d.source, st.label, l.value)
              : undefined;
          out.push(note ? `${line}${' '.repeat(Math.max(2, NOTE_COLUMN - text.length))}# ${s(note)}` : line);
        }
      }
      if (st.condition) out.push(`    Condition (kept verbatim): ${s(st.condition)}`);
    }
    out.push('');
  }
  return out.join('\n');
}
