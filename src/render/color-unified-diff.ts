// The colours of the suggest diff (policy-diff-text.ts): removed red, added green.
const RED = '\u001b[31m';
const GREEN = '\u001b[32m';
const CYAN = '\u001b[36m';
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

/**
 * A unified diff coloured for a terminal, as `git diff` colours it: file headers bold, hunk
 * headers cyan, removed lines red, added lines green, context as is. Only whole lines are
 * wrapped in colour, so stripping the escapes gives back the diff unchanged.
 */
export function colorUnifiedDiff(diff: string): string {
  // A `---`/`+++` line is a file header only before a file's first hunk; inside a hunk it
  // is a removed `--…` or added `++…` line of the file.
  let inHunk = false;
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('diff --git ')) inHunk = false;
      else if (line.startsWith('@@')) inHunk = true;
      if (line === '') return line;
      if (!inHunk) return `${BOLD}${line}${RESET}`;
      if (line.startsWith('@@')) return `${CYAN}${line}${RESET}`;
      if (line.startsWith('-')) return `${RED}${line}${RESET}`;
      if (line.startsWith('+')) return `${GREEN}${line}${RESET}`;
      return line;
    })
    .join('\n');
}
