#!/usr/bin/env node
// Entry point. All behaviour lives in dist/cli/main.js (built from src/ by `npm ci`), run
// here from its bundles (scripts/build-bundles.mjs): one file loads faster than ~100 modules.
// The AWS SDK warns on every run that its 2027 releases will need Node 22; that is a note
// for iamtrim's maintainers (package.json engines), not for someone running a command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// V8 moves an allocation site's objects straight to the old generation once enough of them
// survive a young collection. A scan's record objects live exactly one file, so when that
// happened early (one run in two on the bench), every later file's objects went to the old
// generation: 20% more CPU and peak RSS 230 -> 300 MB at 1.2M events. A GC heuristic only:
// turning it off changes no result. Read when V8 collects, so setting it now takes effect,
// for the worker threads too.
(await import('node:v8')).setFlagsFromString('--no-allocation-site-pretenuring');
// Only what --help and usage errors need; main() is loaded once the arguments call for it.
const { errorReason, fastHelp, fastUsageError } = await import('../dist/cli/fast.bundle.js');

// Every failure prints a message: if main() never settles (a stream or worker that never
// ends), Node would exit 13 saying nothing. Say so, and exit 1.
let finished = false;
process.on('exit', () => {
  if (finished) return;
  process.stderr.write(
    'iamtrim: error: the run stopped with work unfinished (an input that never ended?); please report it\n',
  );
  process.exitCode = 1;
});

// A reader that goes away (`iamtrim usage ... | head`) is not an error worth a stack trace:
// stop quietly, as other command-line tools do. Any other failure to write says so in one line.
process.stdout.on('error', (e) => {
  finished = true;
  if (e.code === 'EPIPE') process.exit(0);
  process.stderr.write(`iamtrim: error: standard output: cannot write: ${errorReason(e)}\n`);
  process.exit(1);
});

const args = process.argv.slice(2);
// `--help`, `<command> --help` and `--version` print text yargs wrote at build time: loading
// yargs and every command for them would take most of a second (src/cli/fast-help.ts).
const helpText = fastHelp(args, process.stdout.columns, process.env);
// A usage error (an unknown command or flag, a missing option, a wrong value) is answered
// from the options the build captured, in yargs' own words (src/cli/fast-usage-error.ts);
// anything else, and every run that is not an error, goes to main(), which checks again.
const usageError = helpText === undefined ? await fastUsageError(args, process.env) : undefined;
if (helpText !== undefined) {
  process.stdout.write(helpText);
} else if (usageError !== undefined) {
  process.stderr.write(usageError.map((line) => `${line}\n`).join(''));
  process.exitCode = 2;
} else {
  // Stack traces name src/ files, not bundle lines; mapping costs time, so only when asked.
  if (args.includes('--debug')) process.setSourceMapsEnabled(true);
  const { main } = await import('../dist/cli/main.bundle.js');
  // main() writes only to what it is given, so tests can run it in-process on their own streams.
  process.exitCode = await main(args, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
}
finished = true;
