/** The first `max` items joined, with `(+n more)` for the rest: evidence stays readable. */
export function boundedList(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` (+${more} more)` : ''}`;
}
