/**
 * `record[key]` for a table keyed by text that comes from the logs (eventSource, eventName,
 * an action name). Log fields are attacker-controlled: a plain index would find
 * `constructor` or `__proto__` on Object.prototype and hand a function to code expecting
 * table data.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
