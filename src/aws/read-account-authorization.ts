import type { IAMClient } from '@aws-sdk/client-iam';
import { AwsError } from '../errors/iamtrim-error.js';
import type { AccountAuthorization } from '../model/account-role.js';
import { toAccountAuthorization } from '../policy/account-authorization-details.js';
import { awsCall } from './access-denied.js';
import { sdk } from '../sdk/require-sdk.js';

/** Roles and the managed policies they can attach: users and groups are not needed. */
const FILTER = ['Role', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;

/**
 * Every role of the account with its inline, attached and boundary policies, from
 * GetAccountAuthorizationDetails (all pages, one call at a time: IAM throttles hard). The
 * same shape `readAccountAuthorizationFile` gives for the CLI's output of the same call.
 */
export async function readAccountAuthorization(client: IAMClient): Promise<AccountAuthorization> {
  const { paginateGetAccountAuthorizationDetails } = sdk('@aws-sdk/client-iam');
  const pages: unknown[] = [];
  await awsCall('GetAccountAuthorizationDetailsCommand', async () => {
    for await (const page of paginateGetAccountAuthorizationDetails({ client }, { Filter: [...FILTER] }))
      pages.push(page);
  });
  const account = accountOf(pages);
  const result = toAccountAuthorization(pages, account ? `IAM (account ${account})` : 'IAM');
  if (result.kind === 'invalid') throw new AwsError(`iam GetAccountAuthorizationDetails: ${result.reason}`);
  return result.authorization;
}

/** The account of the first role or customer-managed policy ARN. */
function accountOf(pages: readonly unknown[]): string | undefined {
  for (const page of pages) {
    const p = page as { RoleDetailList?: { Arn?: string }[]; Policies?: { Arn?: string }[] };
    for (const item of [...(p.RoleDetailList ?? []), ...(p.Policies ?? [])]) {
      const account = item.Arn?.split(':')[4];
      if (account && account !== 'aws') return account;
    }
  }
  return undefined;
}
