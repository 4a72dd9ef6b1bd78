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

  it('judges stopped regions only with more than two days of logs, against the last two', () => {
    const regionsByDay = new Map([
      ['2026-11-01', ['eu-west-1', 'us-east-1']],
      ['2026-11-02', ['us-east-1']],
      ['2026-11-03', ['us-east-1']],
    ]);
    const base = { window, today: '2026-11-05', roles: [] };
    const all = days('1', '2', '3', '4', '5');
    expect(findCoverageGaps({ ...base, daysWithLogs: all, regionsByDay }).map((g) => g.kind)).toEqual([
      'region-stopped',
    ]);
    const two = new Map([...regionsByDay].slice(0, 2));
    expect(findCoverageGaps({ ...base, daysWithLogs: all, regionsByDay: two })).toEqual([]);
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
