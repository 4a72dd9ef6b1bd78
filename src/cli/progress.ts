import type { ScanProgress } from '../sources/scan-trail.js';
import type { TextSink } from './command-context.js';

/**
 * Progress on stderr, only when stderr is a terminal and --quiet is off: a single line
 * rewritten in place, at most a few times a second.
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
      stderr.write(
        `\r\u001b[Kfiles ${p.filesDone}/${p.filesTotal} · ${p.records.toLocaleString('en-US')} records · ${rate.toLocaleString('en-US')} records/s`,
      );
      shown = true;
    },
    done() {
      if (shown) stderr.write('\r\u001b[K');
    },
  };
}
