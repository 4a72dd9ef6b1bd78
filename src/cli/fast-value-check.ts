import { UsageError } from '../errors/iamtrim-error.js';
import { checkOptions } from './check-options.js';

/**
 * The message of the first shared value check (check-options.ts) that `argv` fails, as
 * main() would report it after yargs, or undefined when all pass. Anything but a usage
 * error is left to main(), which meets it again.
 */
export function valueCheckMessage(
  argv: Readonly<Record<string, unknown>>,
  args: readonly string[],
): string | undefined {
  try {
    checkOptions({ ...argv }, args);
    return undefined;
  } catch (e) {
    return e instanceof UsageError ? e.message : undefined;
  }
}
