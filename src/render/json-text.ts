import { escapeHiddenInJson } from '../model/hidden-characters.js';

/**
 * The escaping rule for JSON that iamtrim prints (`--format json`, `json-patch`, the usage
 * report, JSON in a Markdown fence): indented by two, and every control, bidi or zero-width
 * character in a string written as a `\u` escape — `JSON.stringify` leaves DEL, C1, bidi and
 * zero-width characters raw — so the text parses back to the same value and shows nothing a
 * reader cannot see when it lands on a terminal.
 */
export function jsonText(value: unknown): string {
  return escapeHiddenInJson(JSON.stringify(value, null, 2));
}
