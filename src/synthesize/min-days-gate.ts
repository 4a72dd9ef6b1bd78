/** The gate before anything is removed: the evidence must span enough days. */
export interface MinDaysGate {
  /** Below this many days of evidence nothing is removed. */
  readonly minDays: number;
  /** Remove anyway. */
  readonly force: boolean;
}

/**
 * Why the evidence is too short to call anything unused, or undefined when it may be used
 * (it spans at least `minDays`, or `force` is set).
 */
export function tooLittleEvidence(spanDays: number, gate: MinDaysGate): string | undefined {
  if (spanDays >= gate.minDays || gate.force) return undefined;
  return `the evidence spans ${spanDays} day(s), fewer than --min-days ${gate.minDays}`;
}
