import { describe, expect, it } from 'vitest';
import { findCoverageGaps } from '../../src/drift/coverage-gaps.js';
import { dayRanges, driftWindowOf } from '../../src/drift/drift-window.js';

const window = driftWindowOf(Date.parse('2026-11-05T06:00:00Z'), 5);
const days = (...d: string[]): Set<string> => new Set(d.map((x) => `2026-11-0${x}`));

describe('drift window and coverage gaps', () => {
  it('ends the window on the run day and joins missing days into ranges', () => {
    expect([window.from, window.to, window.dayList.length]).toEqual(['2026-11-01', '2026-11-05', 5]);
    expect(dayRanges(['2026-11-04', '2026-11-01', '2026-11-02', '2026-12-31', '2027-01-01'])).toEqual([
      '2026-11-01..2026-11-02',
      '2026-11-04',
      '2026-12-31..2027-01-01',
    ]);
  });

  it('lists missing days but not the run day itself', () => {
    const gaps = findCoverageGaps({ window, today: '2026-11-05', daysWithLogs: days('1', '3'), roles: [] });
    expect(gaps.map((g) => [g.kind, g.scope, g.message])).toEqual([
      ['missing-days', 'all', '2 day(s) of the 5-day window have no logs: 2026-11-02, 2026-11-04'],
    ]);
  });

  it('calls a region stopped only when it delivered day after day and not on the last two days with logs', () => {
    const tenDays = driftWindowOf(Date.parse('2026-11-10T06:00:00Z'), 10);
    const day = (n: number): string => `2026-11-${String(n).padStart(2, '0')}`;
    const all = new Set(tenDays.dayList);
    const base = { window: tenDays, today: day(10), roles: [], daysWithLogs: all };
    const delivering = (euDays: readonly number[]) =>
      new Map(
        tenDays.dayList.map((d, i) => [
          d,
          euDays.includes(i + 1) ? ['eu-west-1', 'us-east-1'] : ['us-east-1'],
        ]),
      );
    const kinds = (euDays: readonly number[]) =>
      findCoverageGaps({ ...base, regionsByDay: delivering(euDays) }).map((g) => g.kind);
    // Seven days in a row, then silence on days 9 and 10: stopped.
    expect(kinds([1, 2, 3, 4, 5, 6, 7])).toEqual(['region-stopped']);
    // Still there on one of the last two days: delivering.
    expect(kinds([1, 2, 3, 4, 5, 6, 7, 10])).toEqual([]);
    // A few days only (a drill): quiet, not stopped.
    expect(kinds([2, 3, 4])).toEqual([]);
    // Seven days scattered over eight with one gap is still regular (7 of 8 ≥ 80%).
    expect(kinds([1, 2, 3, 5, 6, 7, 8])).toEqual(['region-stopped']);
    // Seven days spread thin (7 of 13 would be needed over a longer span): not regular.
    expect(kinds([1, 3, 5, 7])).toEqual([]);
    // Two days of logs in all: too little to judge.
    const two = new Map([...delivering([1])].slice(0, 2));
    expect(
      findCoverageGaps({ ...base, daysWithLogs: new Set([day(1), day(2)]), regionsByDay: two }).filter(
        (g) => g.kind === 'region-stopped',
      ),
    ).toEqual([]);
  });

  it('calls a role young only when its createDate is a time inside the window', () => {
    const roles = [
      { arn: 'young', createDate: '2026-11-02T00:00:00Z' },
      { arn: 'old', createDate: '2025-01-01T00:00:00Z' },
      { arn: 'garbled', createDate: 'yesterday' },
      { arn: 'unknown' },
    ];
    const gaps = findCoverageGaps({
      window,
      today: '2026-11-05',
      daysWithLogs: days('1', '2', '3', '4'),
      roles,
    });
    expect(gaps.map((g) => [g.kind, g.scope])).toEqual([['young-role', 'young']]);
  });
});
