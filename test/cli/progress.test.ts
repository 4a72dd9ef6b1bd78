import { describe, expect, it } from 'vitest';
import type { TextSink } from '../../src/cli/command-context.js';
import { createProgressReporter, progressLine } from '../../src/cli/progress.js';

function sink(isTTY: boolean, columns?: number): TextSink & { text: string[] } {
  const text: string[] = [];
  return { isTTY, ...(columns ? { columns } : {}), text, write: (t) => (text.push(t), true) };
}

const p = { filesDone: 12, filesTotal: 3400, records: 1_234_567 };

describe('progress line', () => {
  it.each([20, 40, 41, 80])('never reaches the last column of a %i-column terminal', (columns) => {
    const line = progressLine(p, 98_765, columns);
    expect(line.length).toBeLessThanOrEqual(columns - 1);
    expect(line.startsWith('files 12/3400')).toBe(true);
  });

  it('is cut with an ellipsis when it does not fit, and whole when it does', () => {
    expect(progressLine(p, 98_765, 40).endsWith('…')).toBe(true);
    expect(progressLine(p, 98_765, 200)).toBe('files 12/3400 · 1,234,567 records · 98,765 records/s');
  });

  it('writes each refresh as one rewritten line, no wider than the terminal', () => {
    const err = sink(true, 40);
    const r = createProgressReporter(true, err);
    r.update({ ...p, filesDone: p.filesTotal });
    r.done();
    const shown = err.text[0] ?? '';
    expect(shown.startsWith('\r\u001b[K')).toBe(true);
    expect(shown.slice(4).length).toBeLessThan(40);
    expect(shown).not.toContain('\n');
  });

  it('draws nothing when stderr is not a terminal', () => {
    const err = sink(false, 80);
    const r = createProgressReporter(true, err);
    r.update({ ...p, filesDone: p.filesTotal });
    r.done();
    expect(err.text).toEqual([]);
  });
});
