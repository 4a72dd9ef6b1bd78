import type { TemplateBoundProblem } from './template-bounds.js';
import type { IacFormat, LocatedPolicy } from './template-policy.js';

/**
 * The one entry every format's locator returns for a file it cannot read at all (not valid
 * YAML, JSON or HCL, empty, over a bound): `kind: 'unreadable'`, the file as its role, and
 * a note that starts with the line and column. `--list` shows it; `patch` stops on it.
 */
export function unreadableTemplate(
  file: string,
  format: IacFormat,
  text: string,
  problem: TemplateBoundProblem,
): LocatedPolicy {
  const offset = Math.max(0, Math.min(problem.offset ?? 0, text.length));
  const lineStart = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < lineStart; i = text.indexOf('\n', i + 1)) line++;
  const column = offset - lineStart;
  return {
    file,
    format,
    role: file,
    path: '',
    line,
    kind: 'unreadable',
    statements: [],
    listRange: undefined,
    indent: column,
    note:
      problem.offset === undefined ? problem.reason : `line ${line}, column ${column + 1}: ${problem.reason}`,
  };
}

/** A YAML parser error's first line, without the position the note already gives. */
export function yamlErrorReason(message: string): string {
  const first = message.split('\n')[0] ?? '';
  return first.replace(/ at line \d+, column \d+:?$/, '');
}
