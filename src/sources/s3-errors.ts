import { AwsError } from '../errors/iamtrim-error.js';
import { explainSdkError } from '../errors/explain-sdk-error.js';

/** The error code of an SDK error (`Code`, else its name). */
export function errorCode(e: unknown): string | undefined {
  const err = e as { name?: string; Code?: string };
  return err.Code ?? err.name;
}

/**
 * S3 refused the caller, or KMS refused the key of an SSE-KMS object (`KMS.…` codes): either
 * way objects would go unread, so the scan stops rather than under-count what was used.
 */
export function denied(code: string | undefined): boolean {
  return code === 'AccessDenied' || code === 'KMSAccessDenied' || (code?.startsWith('KMS.') ?? false);
}

/** An `AwsError` saying what was being read and, when refused, the permission it needs. */
export function translate(e: unknown, permission: string, what: string): AwsError {
  const general = explainSdkError(e, `reading ${what}`);
  if (general) return new AwsError(general, { cause: e });
  const code = errorCode(e);
  if (denied(code)) {
    return new AwsError(`access denied reading ${what}: the caller needs ${permission}`, { cause: e });
  }
  return new AwsError(`reading ${what} failed: ${code ?? ''} ${(e as Error).message ?? String(e)}`.trim(), {
    cause: e,
  });
}
