import { IamtrimError } from '../errors/iamtrim-error.js';

/** Documented exit codes (README, "Exit codes"). */
export const ExitCode = {
  ok: 0,
  error: 1,
  usage: 2,
  findings: 3,
  /** The tightened policy does not fit IAM's size limits (and --split could not help). */
  limit: 4,
} as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof IamtrimError && error.code === 'usage') return ExitCode.usage;
  if (error instanceof IamtrimError && error.code === 'limit') return ExitCode.limit;
  return ExitCode.error;
}
