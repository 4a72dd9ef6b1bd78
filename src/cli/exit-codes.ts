import { IamtrimError } from '../errors/iamtrim-error.js';

/** Documented exit codes (README, "Exit codes"). */
export const ExitCode = {
  ok: 0,
  error: 1,
  usage: 2,
  findings: 3,
} as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof IamtrimError && error.code === 'usage') return ExitCode.usage;
  return ExitCode.error;
}
