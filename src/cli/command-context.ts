import { terminalSafeText } from '../render/terminal-safe.js';

/**
 * A text stream the CLI writes to: `process.stdout`/`process.stderr`, or a test's capture.
 * `isTTY` and `columns` describe a terminal; a capture leaves them out.
 */
export interface TextSink {
  write(text: string, done?: (error?: Error | null) => void): boolean;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** The outside world `main()` is given: bin/ passes the process's, tests their own. */
export interface Io {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What command handlers may use of the outside world besides their arguments. */
export interface CommandContext {
  /** One line to stderr (the newline is added). */
  readonly stderr: (line: string) => void;
  readonly io: Io;
}

/**
 * The context of one run on `io`. Every stderr line (errors, warnings, notes) quotes input —
 * a policy key, a JSON snippet, `--role`, a file name — so it is made terminal-safe here,
 * once for all; escaping is idempotent, so a line escaped before is unchanged.
 */
export function createCommandContext(io: Io): CommandContext {
  return { stderr: (line) => void io.stderr.write(terminalSafeText(line) + '\n'), io };
}

/** The process's own streams and environment, as bin/iamtrim.js passes them. */
export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
