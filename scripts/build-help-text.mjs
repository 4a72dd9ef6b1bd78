// Writes dist/cli/help-text.json: what `iamtrim --help`, `iamtrim <command> --help` and
// `--version` print, captured from the real yargs parser in dist/cli/main.js, so bin/iamtrim.js
// can print them without loading yargs and every command (src/cli/fast-help.ts). Run by
// `npm run build` after tsc; test/cli/fast-help.test.ts checks the texts against yargs.
// Also writes dist/cli/usage-spec.json: each command's options as yargs knows them, so a
// plain usage error is answered the same way (src/cli/fast-usage-error.ts, checked by
// test/cli/fast-usage-error.test.ts).
import { writeFileSync } from 'node:fs';

// yargs translates its headings into the environment's locale; the table holds English.
process.env.LC_ALL = 'en_US';
delete process.env.LC_MESSAGES;

const dist = new URL('../dist/cli/', import.meta.url);
const { main } = await import(new URL('main.js', dist).href);
const { COMMANDS, commandNames } = await import(new URL('command-list.js', dist).href);
const { USAGE_SPEC_FILE } = await import(new URL('fast-usage-error.js', dist).href);
const { buildUsageSpec } = await import(new URL('build-usage-spec.js', dist).href);
const { default: yargs } = await import('yargs');
const { HELP_TABLE_FILE, helpWidthOf } = await import(new URL('fast-help.js', dist).href);

/** Terminal widths to keep: a pipe (100), an 80-column terminal, and anything 110 or wider. */
const COLUMNS = [undefined, 80, 110];

/** What main() writes to stdout for `args` at `columns`; throws unless it exits 0 with no stderr. */
async function captured(args, columns) {
  let out = '';
  let err = '';
  const stdout = { columns, write: (s) => ((out += s), true) };
  const stderr = { columns, write: (s) => ((err += s), true) };
  const code = await main(args, { stdout, stderr, env: {} });
  if (code !== 0 || err !== '') throw new Error(`iamtrim ${args.join(' ')}: exit ${code}: ${err}`);
  return out;
}

const byWidth = {};
for (const columns of COLUMNS) {
  const texts = {};
  texts['--help'] = await captured(['--help'], columns);
  texts['--version'] = await captured(['--version'], columns);
  for (const name of commandNames()) texts[`${name} --help`] = await captured([name, '--help'], columns);
  byWidth[helpWidthOf(columns)] = texts;
}
writeFileSync(new URL(HELP_TABLE_FILE, dist), JSON.stringify({ byWidth }) + '\n');

// Each command's options as yargs reads them, from its builder on a fresh parser.
const spec = await buildUsageSpec(COMMANDS, () => yargs([]), byWidth[helpWidthOf(undefined)]);
writeFileSync(new URL(USAGE_SPEC_FILE, dist), JSON.stringify(spec) + '\n');
