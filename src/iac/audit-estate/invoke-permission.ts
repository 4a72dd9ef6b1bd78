import type { AuditInvokePermission } from '../../model/audit-estate.js';
import type { FilePlace } from './estate-draft.js';

/** The conditions an invoke permission can carry, as written. */
export interface InvokeConditions {
  readonly sourceArn?: string | undefined;
  readonly sourceAccount?: string | undefined;
  readonly principalOrgId?: string | undefined;
  readonly functionUrlAuthType?: string | undefined;
  readonly eventSourceToken?: string | undefined;
  /** `InvokedViaFunctionUrl`: only through the function URL (what SAM writes for a public URL). */
  readonly invokedViaFunctionUrl?: string | undefined;
}

/**
 * One invoke permission as the audit reads it. Its condition keys are those its properties
 * become in the function's resource policy (what GetPolicy shows), lower-cased, so template
 * and live permissions read alike.
 */
export function invokePermission(
  principal: string,
  action: string,
  c: InvokeConditions,
  place: FilePlace,
): AuditInvokePermission {
  const keys: string[] = [];
  if (c.sourceArn !== undefined) keys.push('aws:sourcearn');
  if (c.sourceAccount !== undefined) keys.push('aws:sourceaccount');
  if (c.principalOrgId !== undefined) keys.push('aws:principalorgid');
  if (c.functionUrlAuthType !== undefined) keys.push('lambda:functionurlauthtype');
  if (c.eventSourceToken !== undefined) keys.push('lambda:eventsourcetoken');
  if (c.invokedViaFunctionUrl !== undefined && c.invokedViaFunctionUrl !== 'false')
    keys.push('lambda:invokedviafunctionurl');
  return {
    principal,
    action,
    ...(c.sourceArn === undefined ? {} : { sourceArn: c.sourceArn }),
    ...(c.sourceAccount === undefined ? {} : { sourceAccount: c.sourceAccount }),
    ...(c.principalOrgId === undefined ? {} : { principalOrgId: c.principalOrgId }),
    ...(c.functionUrlAuthType === undefined ? {} : { functionUrlAuthType: c.functionUrlAuthType }),
    conditionKeys: keys,
    place,
  };
}
