import type { Argv } from 'yargs';
import { generateLastAccessed } from '../aws/generate-last-accessed.js';
import type { LastAccessedEvidence } from '../coverage/last-accessed.js';
import { UsageError } from '../errors/iamtrim-error.js';
import { roleMatches } from '../normalize/principal.js';
import { readLastAccessedFile } from '../sources/read-last-accessed-file.js';
import { chainRegion, clientConfigOf } from './aws-options.js';
import { usesAws, type EvidenceArgs } from './collect-usage.js';
import { sdk } from '../sdk/require-sdk.js';

/** `--last-accessed [ROLE=]FILE` (repeatable) and `--no-last-accessed`, as yargs parses them. */
export interface LastAccessedArgs {
  lastAccessed?: (string | false)[];
}

/** Adds the flag to `suggest` and `patch`. */
export function withLastAccessedOption<T>(y: Argv<T>): Argv<T & LastAccessedArgs> {
  return y.option('last-accessed', {
    type: 'string',
    array: true,
    describe:
      'JSON from aws iam get-service-last-accessed-details: [ROLE=]FILE, ROLE (name, ARN or logical id) when there are several roles; default with AWS in use: generated live; --no-last-accessed: none',
  }) as unknown as Argv<T & LastAccessedArgs>;
}

/** The last-accessed report for a role (by its ARN and other names it goes by), or none. */
export type LastAccessedLookup = (
  roleArn: string,
  aliases?: readonly string[],
) => Promise<LastAccessedEvidence | undefined>;

/**
 * Where each role's report comes from: a `ROLE=FILE` naming it, else the one bare FILE (one
 * role only), else, with AWS in use and no file or `--no-last-accessed` given, generated live
 * (once per role). Prints one note per report used.
 */
export function createLastAccessedLookup(
  argv: EvidenceArgs & LastAccessedArgs,
  note: (line: string) => void,
): LastAccessedLookup {
  const entries = argv.lastAccessed ?? [];
  const off = entries.some((e) => e === false || e === 'false');
  const files = entries.filter((e): e is string => typeof e === 'string' && e !== 'false');
  if (off && files.length) throw new UsageError('give --last-accessed FILE or --no-last-accessed, not both');
  const keyed = files.flatMap((f) => {
    const eq = f.indexOf('=');
    return eq > 0 ? [{ role: f.slice(0, eq), file: f.slice(eq + 1) }] : [];
  });
  const bare = files.filter((f) => f.indexOf('=') <= 0);
  if (bare.length > 1)
    throw new UsageError('--last-accessed: one FILE per role; name the role of each with ROLE=FILE');
  const cache = new Map<string, Promise<LastAccessedEvidence | undefined>>();
  let bareRole: string | undefined;

  const load = async (
    roleArn: string,
    aliases: readonly string[],
  ): Promise<LastAccessedEvidence | undefined> => {
    const named = keyed.find((k) => roleMatches(k.role, roleArn) || aliases.includes(k.role));
    const file = named?.file ?? bare[0];
    if (file !== undefined) {
      if (!named) {
        if (bareRole !== undefined && bareRole !== roleArn)
          throw new UsageError(
            `--last-accessed ${file} would apply to both ${bareRole} and ${roleArn}: give --last-accessed ROLE=FILE for each`,
          );
        bareRole = roleArn;
      }
      return report(await readLastAccessedFile(file), roleArn, note);
    }
    if (off || files.length || !usesAws(argv)) return undefined;
    const config = clientConfigOf(argv);
    // IAM is global, but its endpoint is per partition: the configured region picks it.
    const { IAMClient } = sdk('@aws-sdk/client-iam');
    const client = new IAMClient({ ...config, region: (await chainRegion(config)) ?? 'us-east-1' });
    try {
      return report(await generateLastAccessed(client, roleArn), roleArn, note);
    } finally {
      client.destroy();
    }
  };
  return (roleArn, aliases = []) => {
    let got = cache.get(roleArn);
    if (!got) {
      got = load(roleArn, aliases);
      cache.set(roleArn, got);
    }
    return got;
  };
}

function report(
  evidence: LastAccessedEvidence,
  roleArn: string,
  note: (line: string) => void,
): LastAccessedEvidence {
  const period = evidence.periodIsRoleAge
    ? `since the role was created on ${evidence.periodStart.slice(0, 10)} (younger than the 400-day tracking period)`
    : `since ${evidence.periodStart.slice(0, 10)} (400-day tracking period)`;
  note(
    `IAM last-accessed for ${roleArn} (${evidence.source}, ${evidence.granularity}, completed ${evidence.completedAt.slice(0, 10)}): ${evidence.services.size} service(s), ${period}`,
  );
  return evidence;
}
