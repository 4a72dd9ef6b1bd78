import {
  lambdaRequirements,
  type EventSourceMappingJson,
  type FunctionConfigurationJson,
  type LambdaNeedsData,
} from '../catalog/lambda-needs.js';
import { InputError } from '../errors/iamtrim-error.js';
import type { RequiredPermission } from '../model/required-permission.js';
import { readJsonFile } from './read-json-file.js';

/**
 * Reads `get-function-configuration` and `list-event-source-mappings` JSON files and
 * derives what Lambda needs through the role. Files are checked for the fields used.
 */
export async function lambdaRequirementsFromFiles(
  configFiles: readonly string[],
  mappingFiles: readonly string[],
  needs: LambdaNeedsData,
): Promise<RequiredPermission[]> {
  const mappings: EventSourceMappingJson[] = [];
  for (const file of mappingFiles) {
    const doc = (await readJsonFile(file, 'event-source mappings')) as { EventSourceMappings?: unknown };
    const list = Array.isArray(doc) ? doc : doc?.EventSourceMappings;
    if (!Array.isArray(list))
      throw new InputError(
        'expected the output of aws lambda list-event-source-mappings (an EventSourceMappings array)',
        file,
      );
    mappings.push(...(list as EventSourceMappingJson[]));
  }
  if (mappingFiles.length > 0 && configFiles.length === 0) {
    throw new InputError(
      '--event-source-mappings needs --function-config for the function(s) they belong to',
    );
  }
  const out: RequiredPermission[] = [];
  for (const file of configFiles) {
    const doc = (await readJsonFile(file, 'function configuration')) as FunctionConfigurationJson & {
      Configuration?: FunctionConfigurationJson;
    };
    // `get-function` wraps the configuration; `get-function-configuration` does not.
    const config = doc.Configuration ?? doc;
    if (typeof config.FunctionArn !== 'string' || !config.FunctionArn.startsWith('arn:')) {
      throw new InputError(
        'expected the output of aws lambda get-function-configuration (with FunctionArn)',
        file,
      );
    }
    out.push(...lambdaRequirements(config, mappings, needs));
  }
  return out;
}
