/** The rolling window a drift run judges: whole UTC days, ending with the run's own day. */
export interface DriftWindow {
  readonly days: number;
  /** `YYYY-MM-DD` of the first and the last day. */
  readonly from: string;
  readonly to: string;
  /** Every day of the window, oldest first. */
  readonly dayList: readonly string[];
  /** The window's first instant (ms), for "younger than the window". */
  readonly fromMs: number;
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` (UTC) of a time in ms. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The last `days` UTC days ending on the day of `runAt` (at least one day). */
export function driftWindowOf(runAt: number, days: number): DriftWindow {
  const n = Math.max(1, Math.floor(days));
  const last = Math.floor(runAt / DAY_MS) * DAY_MS;
  const fromMs = last - (n - 1) * DAY_MS;
  const dayList = Array.from({ length: n }, (_, i) => dayOf(fromMs + i * DAY_MS));
  return { days: n, from: dayList[0]!, to: dayList[n - 1]!, dayList, fromMs };
}

/** Consecutive days joined into ranges: `2026-11-03..2026-11-05`, single days as they are. */
export function dayRanges(days: readonly string[]): string[] {
  const sorted = [...days].sort();
  const out: string[] = [];
  let start: string | undefined;
  let prev: string | undefined;
  const close = (): void => {
    if (start !== undefined && prev !== undefined) out.push(start === prev ? start : `${start}..${prev}`);
  };
  for (const d of sorted) {
    if (prev !== undefined && Date.parse(`${d}T00:00:00Z`) - Date.parse(`${prev}T00:00:00Z`) === DAY_MS) {
      prev = d;
      continue;
    }
    close();
    start = d;
    prev = d;
  }
  close();
  return out;
}
