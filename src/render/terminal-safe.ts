// Control characters (C0, DEL, C1) and the Unicode line separators and bidi overrides that
// can reorder or hide text on a terminal.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Log fields are attacker-controlled. Before any of them reaches a terminal, control
 * characters (ANSI escapes, carriage returns that overwrite a line) are made visible.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
