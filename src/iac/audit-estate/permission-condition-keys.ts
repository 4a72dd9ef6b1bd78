/**
 * The condition keys an invoke permission's properties become in the function's resource
 * policy (what GetPolicy shows), lower-cased, so template and live permissions read alike.
 */
export function permissionConditionKeys(p: {
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
  readonly principalOrgId?: string;
  readonly functionUrlAuthType?: string;
  readonly eventSourceToken?: string;
}): string[] {
  const keys: string[] = [];
  if (p.sourceArn !== undefined) keys.push('aws:sourcearn');
  if (p.sourceAccount !== undefined) keys.push('aws:sourceaccount');
  if (p.principalOrgId !== undefined) keys.push('aws:principalorgid');
  if (p.functionUrlAuthType !== undefined) keys.push('lambda:functionurlauthtype');
  if (p.eventSourceToken !== undefined) keys.push('lambda:eventsourcetoken');
  return keys;
}
