import type { ErrorClass } from './trail-event.js';

// Authorization failures across services: AccessDenied (S3, STS, SQS), AccessDeniedException
// (DynamoDB, KMS, Lambda, Secrets Manager), Client.UnauthorizedOperation (EC2),
// AuthorizationError (SNS), optionally behind a dotted vendor prefix. Whole codes only:
// Lambda's KMSAccessDeniedException means the invoke was authorized but the function's
// own KMS access failed, so it is use, not a denial.
const DENIED_CODE =
  /^(?:[A-Za-z]+\.)*(?:AccessDenied|AccessDeniedException|UnauthorizedOperation|AuthorizationError|AuthorizationErrorException|UnauthorizedAccess)$/;
// IAM's own wording, which some services put in the message under a generic code.
const DENIED_MESSAGE = /\bis not authorized to perform\b/i;

/**
 * Classifies a record's error. Any error other than an authorization failure
 * (ConditionalCheckFailedException, ResourceNotFoundException, throttling) means the
 * call was authorized, so it still counts as use of the permission.
 */
export function classifyError(errorCode: string | undefined, errorMessage?: string): ErrorClass {
  if (!errorCode) return 'ok';
  if (DENIED_CODE.test(errorCode)) return 'denied';
  if (errorMessage && DENIED_MESSAGE.test(errorMessage)) return 'denied';
  return 'failed';
}
