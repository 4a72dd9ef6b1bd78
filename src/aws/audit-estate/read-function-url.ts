import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { AuditFunctionUrl } from '../../model/audit-estate.js';
import { readPart, type PartReading } from './part-reading.js';
import { sdk } from '../../sdk/require-sdk.js';

/**
 * The function URL of the unqualified function (GetFunctionUrlConfig); undefined when it has
 * none (ResourceNotFoundException). URLs on aliases are not read.
 */
export async function readFunctionUrl(
  client: LambdaClient,
  functionArn: string,
  functionName: string,
): Promise<PartReading<AuditFunctionUrl | undefined>> {
  const { GetFunctionUrlConfigCommand } = sdk('@aws-sdk/client-lambda');
  return readPart(
    'lambda:GetFunctionUrlConfig',
    functionName,
    async () => {
      const out = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: functionArn }));
      const origins = out.Cors?.AllowOrigins;
      return {
        // The API requires AuthType; an answer without one is kept visible, not defaulted.
        authType: out.AuthType ?? '',
        ...(origins !== undefined ? { allowOrigins: [...origins] } : {}),
        place: { kind: 'resource', arn: functionArn },
      } satisfies AuditFunctionUrl;
    },
    () => undefined,
  );
}
