import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AwsError } from '../errors/iamtrim-error.js';

/** The shared config and credentials files, where the SDK looks for them. */
export function sharedConfigFiles(env: Readonly<Record<string, string | undefined>>): string[] {
  const home = env.HOME || env.USERPROFILE || homedir();
  return [
    env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  ];
}

// `[profile prod]` in the config file, `[prod]` in the credentials file (and, leniently, either).
const SECTION = /^\s*\[\s*(?:profile\s+)?([^\]]*?)\s*\]/gm;

/** The profile names the shared files define. A file that cannot be read defines none. */
export function listProfiles(files: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(SECTION)) if (m[1]) names.add(m[1]);
  }
  return names;
}

/**
 * Throws a clear error when `profile` (from --profile or AWS_PROFILE) is in neither shared
 * file: the SDK would otherwise report a missing region or "could not load credentials"
 * without naming it. `default` is left to the SDK, which also takes it from the environment.
 */
export function assertProfileExists(
  profile: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  if (profile === 'default') return;
  const files = sharedConfigFiles(env);
  if (listProfiles(files).has(profile)) return;
  throw new AwsError(
    `AWS profile "${profile}" is not defined in ${files.join(' or ')}: check --profile or AWS_PROFILE (\`aws configure list-profiles\` lists them, \`aws configure --profile ${profile}\` creates it)`,
  );
}
