import { ownValue } from './own-value.js';

/**
 * CloudTrail eventSource → IAM service prefix. Most sources are their first label
 * (`dynamodb.amazonaws.com` → `dynamodb`); the exceptions come from the derived data.
 */
export function eventSourcePrefix(eventSource: string, exceptions: Readonly<Record<string, string>>): string {
  const exception = ownValue(exceptions, eventSource);
  if (exception) return exception;
  const dot = eventSource.indexOf('.');
  return dot > 0 ? eventSource.slice(0, dot) : eventSource;
}

// API-version suffixes that some services put on eventName: Lambda writes
// `GetFunctionConfiguration20150331v2`, CloudFront `CreateInvalidation2020_05_31`.
// Only a real date is stripped: a generic "trailing digits" rule would mangle
// `RestoreDBInstanceFromS3` or `CreateEnvironmentEC2`.
const VERSION_SUFFIX =
  /(?:(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:v\d+)?|(?:19|20)\d\d_(?:0[1-9]|1[0-2])_(?:0[1-9]|[12]\d|3[01]))$/;

/** The API operation behind an eventName, without a dated API-version suffix. */
export function operationName(eventName: string): string {
  const stripped = eventName.replace(VERSION_SUFFIX, '');
  return stripped.length > 0 ? stripped : eventName;
}
