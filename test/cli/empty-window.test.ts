import { describe, expect, it } from 'vitest';
import { emptyWindowLine } from '../../src/cli/empty-window.js';
import { runMain } from '../support/run-main.js';

const d = (iso: string): number => Date.parse(iso);
// Logs from 2026-10-01 to 2026-11-04, as the bundled example.
const logs = { records: 50, logFromMs: d('2026-10-01T08:00:00Z'), logToMs: d('2026-11-04T17:30:00Z') };

describe('emptyWindowLine', () => {
  it.each([
    [
      'a window after the logs',
      { ...logs, events: 0 },
      { sinceMs: d('2026-11-05'), untilMs: d('2026-12-05') },
      '0 events from 2026-11-05 to 2026-12-05; the logs span 2026-10-01..2026-11-04',
    ],
    [
      'only --since, with a time of day',
      { ...logs, events: 0 },
      { sinceMs: d('2026-11-05T12:00:00Z') },
      '0 events from 2026-11-05T12:00:00.000Z on; the logs span 2026-10-01..2026-11-04',
    ],
    [
      'only --until',
      { ...logs, events: 0 },
      { untilMs: d('2026-09-01') },
      '0 events before 2026-09-01; the logs span 2026-10-01..2026-11-04',
    ],
    [
      'records without a usable time',
      { records: 3, events: 0, logFromMs: Infinity, logToMs: -Infinity },
      { sinceMs: d('2026-11-05') },
      '0 events from 2026-11-05 on; no record in the logs has a usable time',
    ],
    ['events in the window', { ...logs, events: 1 }, { sinceMs: d('2026-10-05') }, undefined],
    ['no window asked for', { ...logs, events: 0 }, {}, undefined],
    [
      'no record read at all (another error says so)',
      { records: 0, events: 0, logFromMs: Infinity, logToMs: -Infinity },
      { sinceMs: d('2026-11-05') },
      undefined,
    ],
  ])('%s', (_name, stats, filter, expected) => {
    expect(emptyWindowLine(stats, filter)).toBe(expected);
  });
});

describe('an empty window on the command line', () => {
  const window = ['--since', '2026-11-05', '--until', '2026-12-05'];
  const line =
    'iamtrim: warning: 0 events from 2026-11-05 to 2026-12-05; the logs span 2026-10-01..2026-11-04';

  it('usage says so on stderr, with the span the logs cover', async () => {
    const r = await runMain(['usage', '--cloudtrail', 'fixtures/example/cloudtrail', ...window]);
    expect(r.stderr.split('\n')).toContain(line);
    expect(JSON.parse(r.stdout).stats.events).toBe(0);
  });

  it('suggest says so on stderr', async () => {
    const r = await runMain([
      'suggest',
      '--cloudtrail',
      'fixtures/example/cloudtrail',
      '--role',
      'orders-api-role',
      '--policy',
      'fixtures/example/policies/orders-api-role.json',
      ...window,
    ]);
    expect(r.stderr.split('\n')).toContain(line);
  });

  it('says nothing when the window holds events', async () => {
    const r = await runMain([
      'usage',
      '--cloudtrail',
      'fixtures/example/cloudtrail',
      '--since',
      '2026-10-15',
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('0 events');
  });
});
