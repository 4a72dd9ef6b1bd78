/**
 * One error family for the whole tool. The core throws only on broken invariants;
 * expected problems (a bad file, an unmapped event) are returned as values.
 * The CLI maps `code` to an exit status in one place (`cli/exit-codes.ts`).
 */
export type IamtrimErrorCode =
  'usage' | 'input' | 'aws' | 'invariant' | 'internal' | 'limit' | 'output' | 'state';

export class IamtrimError extends Error {
  readonly code: IamtrimErrorCode;
  constructor(code: IamtrimErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Bad command-line use: unknown flags, bad dates, conflicting options. Exit 2. */
export class UsageError extends IamtrimError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('usage', message, options);
  }
}

/** Unusable input: names the file (and position when known) and what is wrong. */
export class InputError extends IamtrimError {
  readonly file: string | undefined;
  constructor(message: string, file?: string, options?: { cause?: unknown }) {
    super('input', file ? `${file}: ${message}` : message, options);
    this.file = file;
  }
}

/** A file the user asked iamtrim to write cannot be written. Names that file, never a temporary one. Exit 1. */
export class OutputError extends IamtrimError {
  readonly file: string;
  constructor(message: string, file: string, options?: { cause?: unknown }) {
    super('output', `${file}: ${message}`, options);
    this.file = file;
  }
}

/**
 * The drift state cannot be read or committed: a damaged or newer-format file, or another run
 * that committed first. Names the state location and how to recover; never a silent reset. Exit 1.
 */
export class StateError extends IamtrimError {
  /** The location as the user sees it (`.iamtrim/state/commits/00000003.json`, `s3://…`). */
  readonly location: string;
  constructor(message: string, location: string, options?: { cause?: unknown }) {
    super('state', `${location}: ${message}`, options);
    this.location = location;
  }
}

/** A failure talking to AWS, translated at the edge. */
export class AwsError extends IamtrimError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('aws', message, options);
  }
}

/** The tool's own safety check failed: never printed as a warning, always an error. */
export class InvariantError extends IamtrimError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invariant', message, options);
  }
}

/**
 * The least privilege the evidence proves does not fit IAM's size limits. The message names
 * the policy, its size against the limit, and the evidence that would shrink it. Exit 4.
 */
export class IamLimitError extends IamtrimError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('limit', message, options);
  }
}
