import type { Argv } from 'yargs';
import type { CommandContext } from './command-context.js';

/** What a command file exports; `main` registers each one the same way. */
export interface CommandModule {
  readonly command: string;
  readonly describe: string;
  readonly builder: (y: Argv) => Argv<unknown>;
  readonly examples: readonly (readonly [string, string])[];
  readonly handler: (argv: never, ctx: CommandContext) => Promise<number>;
}

/**
 * A command as the top-level help lists it, and how to load the rest. A command's module
 * (its options, and everything its handler uses) is loaded only when the arguments name
 * it: a usage error or another command need not pay for all of them.
 */
export interface CommandEntry {
  /** As the module's `command`. */
  readonly command: string;
  /** As the module's `describe` (test/cli/command-list.test.ts keeps the two equal). */
  readonly describe: string;
  readonly load: () => Promise<CommandModule>;
}

/** The commands, in help order: a new command is one file in commands/ and one entry here. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    command: 'usage',
    describe: 'Report what each role and function really used, from CloudTrail logs',
    load: () => import('./commands/usage.js'),
  },
  {
    command: 'suggest',
    describe: "Tighten a role's policy to the least privilege its usage proves, and prove it safe",
    load: () => import('./commands/suggest.js'),
  },
  {
    command: 'roles',
    describe: 'List each Lambda function with its execution role; flag roles shared by several functions',
    load: () => import('./commands/roles.js'),
  },
  {
    command: 'patch',
    describe:
      'Write the tightening as a reviewable change to your templates (SAM/CloudFormation, Serverless, Terraform, policy files)',
    load: () => import('./commands/patch.js'),
  },
  {
    command: 'drift',
    describe: 'What changed since the last run: new grants and who made them, new use, unused grants, gaps',
    load: () => import('./commands/drift.js'),
  },
  {
    command: 'audit',
    describe: 'Check Lambda functions and their roles against the security checklist, with evidence',
    load: () => import('./commands/audit.js'),
  },
  {
    command: 'apply',
    describe:
      "Install the tightened policies on the live role (with --yes), after a backup; verify with IAM's simulator",
    load: () => import('./commands/apply.js'),
  },
  {
    command: 'rollback',
    describe:
      'Restore a role exactly as an apply backup holds it (with --yes); running it twice changes nothing',
    load: () => import('./commands/rollback.js'),
  },
];

/** The command names, in help order. */
export function commandNames(): string[] {
  return COMMANDS.map((c) => nameOf(c.command));
}

/** `suggest [role]` → `suggest`. */
export function nameOf(command: string): string {
  return command.split(' ')[0] as string;
}
