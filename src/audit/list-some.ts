/** The first few items of a list for a one-line message (`a, b, c and 12 more`); the evidence keeps them all. */
export function listSome(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
