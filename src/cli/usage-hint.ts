/**
 * A usage error in one line plus a hint, instead of the whole help that scrolls the error
 * away: `iamtrim: Unknown argument: cloudtrial` / `did you mean --cloudtrail? see iamtrim
 * suggest --help`. The flags to compare against are read from the command's own help text.
 */
export function usageErrorLines(
  message: string,
  args: readonly string[],
  help: string,
  commands: readonly string[],
): string[] {
  const command = args.find((a) => commands.includes(a));
  const hint = `see iamtrim ${command ? `${command} ` : ''}--help`;
  const unknown = /^Unknown arguments?: (.+)$/.exec(message)?.[1];
  const guesses = unknown
    ? unknown
        .split(', ')
        .map((u) => closestFlag(u.replace(/^-+/, ''), flagsIn(help)))
        .filter((g): g is string => g !== undefined)
    : [];
  const guess = guesses.length ? `did you mean ${guesses.map((g) => `--${g}`).join(', ')}? ` : '';
  // yargs writes some messages over several lines; one line keeps the error in view.
  return [`iamtrim: ${message.replace(/\s*\n\s*/g, ' ')}`, `${guess}${hint}`];
}

function flagsIn(help: string): string[] {
  return [...new Set([...help.matchAll(/--([a-z][a-z0-9-]*)/g)].map((m) => m[1] as string))];
}

/** The known flag within two edits of `word` (the nearest; none when several tie or none is near). */
export function closestFlag(word: string, flags: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  let tie = false;
  for (const f of flags) {
    const d = editDistance(word.toLowerCase(), f);
    if (d < bestDistance) {
      best = f;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) tie = true;
  }
  return tie ? undefined : best;
}

// Levenshtein distance with adjacent transpositions (cloudtrial → cloudtrail is one edit).
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  return (d[a.length] as number[])[b.length] as number;
}
