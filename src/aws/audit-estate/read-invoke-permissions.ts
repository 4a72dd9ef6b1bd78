import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { AuditInvokePermission } from '../../model/audit-estate.js';
import { parseInvokePolicy } from './parse-invoke-policy.js';
import { readPart, type PartReading } from './part-reading.js';
import { sdk } from '../../sdk/require-sdk.js';

/**
 * A function's resource-based policy (GetPolicy, unqualified: the policy of `$LATEST` and the
 * function itself), as invoke permissions. No policy (ResourceNotFoundException) is no
 * permission; a policy that cannot be read is skipped, not taken as empty.
 */
export async function readInvokePermissions(
  client: LambdaClient,
  functionArn: string,
  functionName: string,
): Promise<PartReading<AuditInvokePermission[]>> {
  const { GetPolicyCommand } = sdk('@aws-sdk/client-lambda');
  const text = await readPart(
    'lambda:GetPolicy',
    functionName,
    async () => (await client.send(new GetPolicyCommand({ FunctionName: functionArn }))).Policy,
    () => undefined,
  );
  if (text.kind === 'skipped') return text;
  if (text.value === undefined) return { kind: 'read', value: [] };
  const parsed = parseInvokePolicy(text.value, { kind: 'resource', arn: functionArn });
  return parsed.kind === 'permissions'
    ? { kind: 'read', value: parsed.permissions }
    : { kind: 'skipped', reason: parsed.reason };
}
