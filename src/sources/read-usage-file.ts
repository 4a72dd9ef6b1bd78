import { readFile } from 'node:fs/promises';
import { InputError } from '../errors/iamtrim-error.js';
import { USAGE_FORMAT_VERSION, type UsageReport } from '../usage/usage-report.js';
import { checkJsonSchema, type JsonSchema } from './check-json-schema.js';
import { readJsonFile } from './read-json-file.js';

// The schema that ships in the package (schema/ beside src/ and dist/): one description of
// the format, for this reader and for anyone who writes or reads the file elsewhere.
const SCHEMA_URL = new URL('../../schema/usage.schema.json', import.meta.url);
let schema: Promise<JsonSchema> | undefined;

/**
 * Reads the JSON that `iamtrim usage --format json` wrote, so one scan can feed many
 * suggestions. A file without `formatVersion` is version 1 (what iamtrim wrote before it
 * had the field); a version this iamtrim does not know is refused. Every field is checked
 * against schema/usage.schema.json, and a wrong one is named by its JSON path.
 */
export async function readUsageFile(path: string): Promise<UsageReport> {
  const doc = await readJsonFile(path, 'usage file');
  const fail = (what: string): never => {
    throw new InputError(
      `not an iamtrim usage report: ${what} (write one with iamtrim usage --format json)`,
      path,
    );
  };
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) fail('expected an object');
  const version = (doc as Record<string, unknown>).formatVersion;
  if (version !== undefined && version !== USAGE_FORMAT_VERSION)
    throw new InputError(
      `usage report format version ${JSON.stringify(version)} is not one this iamtrim reads (it reads ${USAGE_FORMAT_VERSION}): use the iamtrim that wrote it, or write the report again with this one (iamtrim usage --format json)`,
      path,
    );
  const problem = checkJsonSchema(doc, await usageSchema());
  if (problem) fail(`${problem.path}: ${problem.message}`);
  const { formatVersion: _version, ...report } = doc as UsageReport & { formatVersion?: number };
  return report;
}

function usageSchema(): Promise<JsonSchema> {
  schema ??= readFile(SCHEMA_URL, 'utf8').then((text) => JSON.parse(text) as JsonSchema);
  return schema;
}
