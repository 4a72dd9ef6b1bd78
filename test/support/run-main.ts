import type { Io, TextSink } from '../../src/cli/command-context.js';
import { main } from '../../src/cli/main.js';
import type { CliRun } from './run-cli.js';

/** How an in-process run sees its outside world. */
export interface RunMainOptions {
  /** The environment main() is given (not the process's). Default: `{ NO_COLOR: '1' }`. */
  readonly env?: Record<string, string>;
  /** Pretend stdout is a terminal. Default false, as in a pipe. */
  readonly tty?: boolean;
  /** The terminal's width when `tty` is set. Default: none known. */
  readonly columns?: number;
}

/**
 * Runs `main()` in this process on captured streams, as `runCli` runs the built binary:
 * the same exit code, stdout and stderr, without a process start or a build. What needs a
 * real process (stdin, worker threads from dist/, yargs' own --help and --version printing)
 * stays with `runCli`.
 */
export async function runMain(args: string[], options: RunMainOptions = {}): Promise<CliRun> {
  const out = captureSink(options.tty === true, options.columns);
  const err = captureSink(false);
  const io: Io = { stdout: out.sink, stderr: err.sink, env: options.env ?? { NO_COLOR: '1' } };
  const status = await main(args, io);
  return { status, stdout: out.text(), stderr: err.text() };
}

function captureSink(isTTY: boolean, columns?: number): { sink: TextSink; text: () => string } {
  const chunks: string[] = [];
  const sink: TextSink = {
    isTTY,
    ...(isTTY && columns ? { columns } : {}),
    write(text, done) {
      chunks.push(text);
      done?.();
      return true;
    },
  };
  return { sink, text: () => chunks.join('') };
}
