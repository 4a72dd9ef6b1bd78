#!/usr/bin/env node
// The GitHub Action's entry (action.yml): runs the iamtrim CLI of the action's own checkout
// with the inputs, writes the job summary and the step outputs, and exits with the CLI's
// exit code. Plain JavaScript on Node's standard library, so it runs on any runner with Node
// and reads nothing from the network; the CLI it starts does only what the command asks.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitArgs } from './split-args.mjs';

/** The commands the action runs. */
export const COMMANDS = ['suggest', 'patch', 'drift', 'audit', 'usage', 'roles'];
/** Commands with a Markdown report (`patch`: its `--pr-body`). */
const MARKDOWN = new Set(['suggest', 'patch', 'drift', 'audit']);
/** Commands that write SARIF. */
const SARIF = new Set(['drift', 'audit']);

/** Where `flag` is given (`--flag V` or `--flag=V`): its last value, or undefined. */
function flagValue(args, flag) {
  let found;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag) found = args[i + 1] ?? '';
    else if (args[i].startsWith(`${flag}=`)) found = args[i].slice(flag.length + 1);
  }
  return found;
}

const hasFlag = (args, flag) => args.some((a) => a === flag || a.startsWith(`${flag}=`));

/**
 * What the run writes besides its own output, and the extra arguments that make it so.
 * Pure: decides from the inputs only.
 */
export function planReports(command, args, { summary, sarif, tmp }) {
  const extra = [];
  const notes = [];
  let markdown;
  let echoMarkdown = false;
  let sarifFile;
  let sarifRun = false;
  const format = flagValue(args, '--format');
  const out = flagValue(args, '--out');
  const free = format === undefined && out === undefined;
  if (sarif) {
    if (!SARIF.has(command)) throw new UsageProblem(`sarif: ${command} writes no SARIF (drift and audit do)`);
    if (format === 'sarif' && out !== undefined && out !== '-') sarifFile = out;
    else if (free && !(summary && command === 'audit')) {
      extra.push('--format', 'sarif', '--out', sarif);
      sarifFile = sarif;
    } else if (command === 'audit') {
      // audit reads and decides the same way twice; a second run writes the SARIF.
      sarifRun = true;
      sarifFile = sarif;
    } else
      throw new UsageProblem(
        'sarif: drift writes one report per run (its state moves on): leave --format and --out out of args, or give them as --format sarif --out FILE',
      );
  }
  if (summary && MARKDOWN.has(command)) {
    if (command === 'patch') {
      const body = flagValue(args, '--pr-body');
      if (body === undefined) {
        markdown = join(tmp, 'iamtrim-report.md');
        extra.push('--pr-body', markdown);
      } else if (body !== '-') markdown = body;
    } else if (format === 'markdown' && out !== undefined && out !== '-') markdown = out;
    else if (free && !extra.includes('--format')) {
      markdown = join(tmp, 'iamtrim-report.md');
      extra.push('--format', 'markdown', '--out', markdown);
      echoMarkdown = true;
    }
    if (markdown === undefined)
      notes.push(
        'summary: the report is not written as Markdown to a file, so the summary has the counts only',
      );
  }
  return { extra, markdown, echoMarkdown, sarifFile, sarifRun, notes };
}

/** A problem with the inputs themselves (exit 2, as the CLI's usage errors). */
export class UsageProblem extends Error {}

/** The count after `pattern` in the CLI's stderr, or undefined. */
function countIn(stderr, pattern) {
  const m = pattern.exec(stderr);
  return m ? Number(m[1]) : undefined;
}

/** SARIF results over all runs of a file, or undefined when it cannot be read. */
function sarifResults(file) {
  try {
    const log = JSON.parse(readFileSync(file, 'utf8'));
    return (log.runs ?? []).reduce((n, run) => n + (run.results?.length ?? 0), 0);
  } catch {
    return undefined;
  }
}

/**
 * The counts for the step outputs: `removable` (suggest, patch: actions the evidence proves
 * removable, known when a threshold was given) and `findings` (drift, audit: SARIF results
 * when SARIF was written, else findings over the threshold; suggest, patch: removable
 * actions; roles: shared roles). Empty when the run does not say. `threshold`: a --fail-on
 * was given.
 */
export function countsOf(command, { status, stderr, sarifFile, threshold }) {
  const judged = status === 0 || status === 3;
  let removable;
  let findings;
  if (command === 'suggest' || command === 'patch') {
    removable = countIn(stderr, /^iamtrim: (\d+) action\(s\) removable/m);
    findings = removable;
  } else if (command === 'drift' || command === 'audit') {
    findings = sarifFile && judged ? sarifResults(sarifFile) : undefined;
    findings ??= countIn(stderr, /^iamtrim: (\d+) finding\(s\) at or above/m);
    // Within the threshold the CLI prints no count: none was over it.
    if (findings === undefined && status === 0 && threshold) findings = 0;
  } else if (command === 'roles') {
    findings =
      countIn(stderr, /^iamtrim: (\d+) role\(s\) (?:shared|seen acting)/m) ?? (judged ? 0 : undefined);
  }
  return { removable, findings };
}

/**
 * Runs the action. `env` is the step's environment (the inputs as INPUT_*, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, RUNNER_TEMP); `cli` the path of bin/iamtrim.js. Returns the exit code.
 */
export function runAction(env, { cli, stdout = process.stdout, stderr = process.stderr }) {
  const say = (line) => stderr.write(`${line}\n`);
  const output = (name, value) => {
    if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${value ?? ''}\n`);
  };
  const command = (env.INPUT_COMMAND ?? '').trim();
  let args;
  let plan;
  const summary = (env.INPUT_SUMMARY ?? 'true').trim().toLowerCase() === 'true';
  try {
    if (!COMMANDS.includes(command))
      throw new UsageProblem(`command: "${command}" is not one of ${COMMANDS.join(', ')}`);
    args = splitArgs(env.INPUT_ARGS ?? '');
    const failOn = (env.INPUT_FAIL_ON ?? '').trim();
    if (failOn) {
      if (hasFlag(args, '--fail-on') || hasFlag(args, '--check') || hasFlag(args, '--fail-on-shared'))
        throw new UsageProblem(
          'fail-on: give the threshold either as the fail-on input or in args, not both',
        );
      args.push('--fail-on', failOn);
    }
    const tmp = mkdtempSync(join(env.RUNNER_TEMP || tmpdir(), 'iamtrim-action-'));
    plan = planReports(command, args, { summary, sarif: (env.INPUT_SARIF ?? '').trim(), tmp });
  } catch (e) {
    // Both are usage problems with the inputs: exit 2, as the CLI does for its flags.
    say(`::error title=iamtrim action::${oneLine(e.message)}`);
    output('exit-code', 2);
    return 2;
  }
  for (const note of plan.notes) say(`::notice title=iamtrim action::${note}`);

  const run = (extra, echo = true) => {
    // No shell: each argument reaches the CLI as one string, whatever it holds.
    const r = spawnSync(process.execPath, [cli, command, ...args, ...extra], {
      stdio: ['ignore', 'inherit', 'pipe'],
      env: { ...env, NO_COLOR: '1' },
      maxBuffer: 256 * 1024 * 1024,
      encoding: 'utf8',
    });
    if (r.stderr && (echo || (r.status !== 0 && r.status !== 3))) stderr.write(r.stderr);
    if (r.error) say(`iamtrim action: cannot run ${cli}: ${r.error.message}`);
    return { status: r.status ?? 1, stderr: r.stderr ?? '' };
  };
  const main = run(plan.extra);
  const judged = main.status === 0 || main.status === 3;
  if (plan.sarifRun && judged) {
    // The same run again: its messages were printed once already.
    const second = run(['--format', 'sarif', '--out', plan.sarifFile], false);
    if (second.status !== 0 && second.status !== 3)
      say('::warning title=iamtrim action::the SARIF run failed');
  }
  const markdown =
    plan.markdown && judged && existsSync(plan.markdown) ? readFileSync(plan.markdown, 'utf8') : '';
  if (plan.echoMarkdown && markdown) stdout.write(markdown.endsWith('\n') ? markdown : `${markdown}\n`);

  const sarifFile = plan.sarifFile && existsSync(plan.sarifFile) ? plan.sarifFile : undefined;
  const counts = countsOf(command, { ...main, sarifFile, threshold: hasFlag(args, '--fail-on') });
  output('exit-code', main.status);
  output('findings', counts.findings);
  output('removable', counts.removable);
  if (env.GITHUB_STEP_SUMMARY && summary)
    appendFileSync(env.GITHUB_STEP_SUMMARY, summaryText(command, main.status, counts, markdown));
  return main.status;
}

/** The job summary: a heading, the verdict and counts, then the report as iamtrim wrote it. */
export function summaryText(command, status, counts, markdown) {
  const verdict =
    status === 0
      ? 'passed'
      : status === 3
        ? 'found something over the `--fail-on` threshold (exit 3)'
        : `failed (exit ${status}; see the log)`;
  const facts = [
    counts.removable !== undefined ? `${counts.removable} action(s) removable` : undefined,
    counts.findings !== undefined && command !== 'suggest' && command !== 'patch'
      ? `${counts.findings} finding(s)`
      : undefined,
  ].filter(Boolean);
  const lines = [
    `## iamtrim ${command}`,
    '',
    `iamtrim ${command} ${verdict}${facts.length ? `: ${facts.join(', ')}` : ''}.`,
  ];
  if (markdown) lines.push('', markdown.trimEnd());
  return `${lines.join('\n')}\n\n`;
}

/** Workflow commands end at a newline: keep a message on its line. */
function oneLine(text) {
  return String(text).replace(/[\r\n]+/g, ' ');
}

// Run when started as a script (not when a test imports it).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cli =
    process.env.IAMTRIM_CLI || join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'iamtrim.js');
  process.exitCode = runAction(process.env, { cli });
}
