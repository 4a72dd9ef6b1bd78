import type { ScanProgress } from '../sources/scan-trail.js';
import type { TextSink } from './command-context.js';

/**
 * Progress on stderr, only when stderr is a terminal and --quiet is off: a single line
 * rewritten in place, at most a few times a second, cut to the terminal's width so that it
 * never wraps (a wrapped line is not rewritten by `\r`, it stacks a new one each time).
 */
export function createProgressReporter(
  enabled: boolean,
  stderr: TextSink,
): {
  update: (p: ScanProgress) => void;
  done: () => void;
} {
  if (!enabled || !stderr.isTTY) return { update: () => undefined, done: () => undefined };
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 200 && p.filesDone < p.filesTotal) return;
      last = now;
      const rate = Math.round(p.records / Math.max((now - started) / 1000, 0.001));
      stderr.write(`\r\u001b[K${progressLine(p, rate, stderr.columns)}`);
      shown = true;
    },
    done() {
      if (shown) stderr.write('\r\u001b[K');
    },
  };
}

/**
 * The text of one progress line, at most `columns - 1` wide: a character in the last column
 * makes some terminals wrap before the next `\r`.
 */
export function progressLine(p: ScanProgress, rate: number, columns: number | undefined): string {
  const text = `files ${p.filesDone}/${p.filesTotal} · ${p.records.toLocaleString('en-US')} records · ${rate.toLocaleString('en-US')} records/s`;
  const width = columns ? Math.max(columns - 1, 1) : undefined;
  // Every character of this line takes one column: no width table (string-width costs
  // ~40 ms to load on every run) is needed to cut it.
  return width === undefined || text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
