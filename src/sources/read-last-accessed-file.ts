import { parseLastAccessed, type LastAccessedEvidence } from '../coverage/last-accessed.js';
import { InputError } from '../errors/iamtrim-error.js';
import { readJsonFile } from './read-json-file.js';

/**
 * Reads `--last-accessed FILE`: what `aws iam get-service-last-accessed-details` prints.
 * Every problem (not JSON, a job not COMPLETED, a malformed entry) is an error naming the file.
 */
export async function readLastAccessedFile(
  path: string,
  roleCreatedAt?: string,
): Promise<LastAccessedEvidence> {
  const json = await readJsonFile(path, 'IAM last-accessed report');
  const parsed = parseLastAccessed(json, path, roleCreatedAt);
  if (parsed.kind === 'invalid')
    throw new InputError(
      `not a usable IAM last-accessed report: ${parsed.problems.slice(0, 5).join('; ')}${parsed.problems.length > 5 ? `; and ${parsed.problems.length - 5} more` : ''}`,
      path,
    );
  return parsed.evidence;
}
