import type { AuditInvokePermission } from '../model/audit-estate.js';

/**
 * Whether a resource-policy principal as written means anyone: `*`, `{"AWS": "*"}` (as JSON
 * text or `AWS:*`), or `arn:aws:iam::*:root`-style wildcards. Undefined when the text is an
 * unresolved template value, so a rule can say it cannot judge.
 */
export function isPublicPrincipal(principal: string): boolean | undefined {
  const text = principal.trim();
  if (text === '*') return true;
  if (/^\{\s*"?AWS"?\s*:\s*\[?\s*"\*"\s*\]?\s*\}$/.test(text) || /^AWS\s*:\s*\*$/.test(text)) return true;
  if (/^arn:[\w-]*:iam::\*:/.test(text)) return true;
  // An account id, an ARN, a service or `{"AWS": ...}` with a literal value: known, not public.
  if (/^(\d{12}|arn:[^\s]+|[\w.-]+\.amazon(aws)?\.com(\.cn)?|\{.*\})$/.test(text)) return false;
  return undefined;
}

/** Whether the principal is an AWS service (`s3.amazonaws.com`). */
export function isServicePrincipal(principal: string): boolean {
  return /^[\w.-]+\.amazonaws\.com(\.cn)?$/.test(principal.trim());
}

const SCOPING_KEYS = [
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:principalorgid',
  'aws:sourceowner',
  'aws:sourceorgid',
];

/** Whether the statement narrows its callers: SourceArn, SourceAccount, PrincipalOrgID (or their condition keys). */
export function isScoped(permission: AuditInvokePermission): boolean {
  return (
    permission.sourceArn !== undefined ||
    permission.sourceAccount !== undefined ||
    permission.principalOrgId !== undefined ||
    permission.conditionKeys.some((k) => SCOPING_KEYS.includes(k.toLowerCase()))
  );
}

/**
 * Whether the statement only opens the function URL: `lambda:InvokeFunctionUrl`, or a
 * statement conditioned on `lambda:FunctionUrlAuthType` or `lambda:InvokedViaFunctionUrl`
 * (the pair AWS writes for a URL with AuthType NONE). The URL rules judge those; a direct
 * Invoke is not possible through them.
 */
export function isFunctionUrlPermission(permission: AuditInvokePermission): boolean {
  return (
    permission.action.toLowerCase() === 'lambda:invokefunctionurl' ||
    permission.functionUrlAuthType !== undefined ||
    permission.conditionKeys.some((k) =>
      ['lambda:functionurlauthtype', 'lambda:invokedviafunctionurl'].includes(k.toLowerCase()),
    )
  );
}
