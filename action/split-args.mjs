/**
 * Splits the action's `args` input into arguments the way a shell splits words, and does
 * nothing else a shell does: no `$VAR`, `$(...)`, backticks, globs, `~`, `;`, `|` or
 * redirections. Those stay literal text inside an argument, because `args` may carry text a
 * pull request controls and is never given to a shell.
 *
 * - Whitespace (spaces, tabs, newlines) separates arguments.
 * - `'...'` is literal; `"..."` is literal except `\"` and `\\`.
 * - Outside quotes a backslash escapes only whitespace, a quote or a backslash; before any
 *   other character it is itself (so `C:\logs\trail` is one Windows path).
 * - `''` or `""` is an empty argument.
 *
 * @param {string} text the input as written in the workflow
 * @returns {string[]} the arguments
 * @throws {Error} on an unterminated quote, naming where it opened
 */
export function splitArgs(text) {
  const args = [];
  let current = '';
  let inWord = false;
  let i = 0;
  const escapable = (c) => c === '"' || c === "'" || c === '\\' || /\s/.test(c);
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`args: the single quote at character ${i + 1} is never closed`);
      current += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new Error(`args: the double quote at character ${i + 1} is never closed`);
        const d = text[j];
        if (d === '"') break;
        if (d === '\\' && (text[j + 1] === '"' || text[j + 1] === '\\')) {
          current += text[j + 1];
          j += 2;
        } else {
          current += d;
          j++;
        }
      }
      inWord = true;
      i = j + 1;
    } else if (c === '\\' && i + 1 < text.length && escapable(text[i + 1])) {
      // A backslash before a newline joins lines, as in a shell.
      if (text[i + 1] !== '\n') current += text[i + 1];
      inWord = inWord || text[i + 1] !== '\n';
      i += 2;
    } else {
      current += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) args.push(current);
  return args;
}
