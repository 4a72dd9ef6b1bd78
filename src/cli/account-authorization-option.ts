import type { Argv } from 'yargs';
import { readAccountAuthorization } from '../aws/read-account-authorization.js';
import { InputError, UsageError } from '../errors/iamtrim-error.js';
import type { AccountAuthorization, AccountRole } from '../model/account-role.js';
import { parseGrantedPolicies } from '../policy/parse-granted-policies.js';
import type { PolicyKind } from '../verify/iam-limits.js';
import type { Policy } from '../policy/policy.js';
import { terminalSafe } from '../render/terminal-safe.js';
import { readAccountAuthorizationFile } from '../sources/read-account-authorization.js';
import { clientConfigOf, type AwsArgs } from './aws-options.js';
import { sdk } from '../sdk/require-sdk.js';

/** `--account-authorization FILE`, as yargs parses it. */
export interface AccountAuthorizationArgs {
  accountAuthorization?: string;
}

/** Adds the flag to `suggest` and `roles`. */
export function withAccountAuthorizationOption<T>(y: Argv<T>): Argv<T & AccountAuthorizationArgs> {
  return y.option('account-authorization', {
    type: 'string',
    describe:
      "JSON from aws iam get-account-authorization-details: the roles' policies, read offline instead of from IAM",
  }) as unknown as Argv<T & AccountAuthorizationArgs>;
}

/**
 * The role `ref` (an ARN, or a name) names in the file. An unknown role is a usage error
 * that lists the nearest names, so a typo is one look away from its fix.
 */
export function findAccountRole(auth: AccountAuthorization, ref: string): AccountRole {
  const found = auth.roles.filter((r) => (ref.startsWith('arn:') ? r.arn === ref : r.name === ref));
  if (found.length > 1)
    throw new UsageError(
      `${terminalSafe(auth.source)} has ${found.length} roles named ${terminalSafe(ref)} (${found.map((r) => terminalSafe(r.arn)).join(', ')}): give --role as an ARN`,
    );
  if (found[0]) return found[0];
  const near = nearNames(
    auth.roles.map((r) => r.name),
    roleName(ref),
  );
  const hint =
    auth.roles.length === 0
      ? 'it has no roles'
      : near.length > 0
        ? `nearest: ${near.map(terminalSafe).join(', ')}`
        : `it has ${auth.roles.length} role(s), none with a similar name`;
  const truncated = auth.skipped.some((s) => s.what === auth.source)
    ? ' (the file is missing pages: it ends with IsTruncated: true)'
    : '';
  throw new UsageError(`no role ${terminalSafe(ref)} in ${terminalSafe(auth.source)}${truncated}: ${hint}`);
}

/**
 * The role's inline and attached policies from the file, as `suggest` takes them (the same
 * sources and kinds a live read gives). What the file could not resolve for this role is
 * warned about; a policy that does not parse is an error naming the file.
 */
export function accountRolePolicies(
  auth: AccountAuthorization,
  role: AccountRole,
  warn: (line: string) => void,
): { policies: Policy[]; kinds: Map<string, PolicyKind>; notes: string[] } {
  for (const s of auth.skipped)
    if (s.role === role.arn) warn(`${terminalSafe(s.what)} is not tightened: ${terminalSafe(s.reason)}`);
  const granted = parseGrantedPolicies(role);
  const bad = granted.invalid[0];
  if (bad)
    throw new InputError(
      `${bad.source} does not parse: ${bad.problems.map((x) => `${x.path}: ${x.message}`).join('; ')}`,
      auth.source,
    );
  // Grants that exist but could not be read: tightening nothing would read as "write a new policy".
  const unread = auth.skipped.filter((s) => s.role === role.arn && s.part === 'grant');
  if (granted.policies.length === 0 && unread.length > 0)
    throw new InputError(
      `none of the policies of ${terminalSafe(role.arn)} could be read from the file: ${unread.map((s) => `${terminalSafe(s.what)}: ${terminalSafe(s.reason)}`).join('; ')}`,
      auth.source,
    );
  return { policies: [...granted.policies], kinds: new Map(granted.kinds), notes: [...granted.notes] };
}

function roleName(ref: string): string {
  return ref.startsWith('arn:') ? ref.slice(ref.lastIndexOf('/') + 1) : ref;
}

/** Up to five names within a few edits of `wanted` (or containing it), nearest first. */
function nearNames(names: readonly string[], wanted: string): string[] {
  const w = wanted.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  return names
    .map((name) => {
      const n = name.toLowerCase();
      return { name, d: n.length > 0 && (n.includes(w) || w.includes(n)) ? 0.5 : editDistance(n, w) };
    })
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, 5)
    .map((x) => x.name);
}

function editDistance(a: string, b: string): number {
  // Names longer than IAM's 64 characters are not near anything worth the quadratic cost.
  if (a.length > 128 || b.length > 128) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur.push(
        Math.min(
          (prev[j] ?? 0) + 1,
          (cur[j - 1] ?? 0) + 1,
          (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
        ),
      );
    prev = cur;
  }
  return prev[b.length] ?? Infinity;
}

/**
 * The roles and their policies: from `--account-authorization FILE`, else from IAM
 * (`GetAccountAuthorizationDetails`, paginated).
 */
export async function loadAccountAuthorization(
  argv: AccountAuthorizationArgs & AwsArgs,
): Promise<AccountAuthorization> {
  if (argv.accountAuthorization) return readAccountAuthorizationFile(argv.accountAuthorization);
  const { IAMClient } = sdk('@aws-sdk/client-iam');
  const client = new IAMClient(clientConfigOf(argv));
  try {
    return await readAccountAuthorization(client);
  } finally {
    client.destroy();
  }
}
