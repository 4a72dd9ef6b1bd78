// API operation names of services that have no @aws-sdk/client-* package on the registry this
// project reaches, from the service models of botocore (Apache-2.0), the AWS SDK for Python's
// core, as installed with the machine's Python (pip). Each model, data/<service>/<version>/
// service-2.json.gz, names the service's operations and its SigV4 signing name and endpoint
// prefix. Only those names are read; nothing of botocore is copied into the repository.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';

const run = promisify(execFile);

/** The botocore version the committed data was derived from (a different one changes the output). */
export const BOTOCORE_VERSION = '1.43.11';

// Models whose signing name and endpoint prefix are not their IAM prefix (Service Authorization
// Reference: IoT data plane and secure tunneling → iot, IoT Jobs data plane → iotjobsdata, ...),
// the same exceptions as the v3 clients in scripts/sdk-v3-operation-names.mjs.
const MODEL_PREFIXES = {
  'iot-data': 'iot',
  iotsecuretunneling: 'iot',
  'iot-jobs-data': 'iotjobsdata',
  'iotevents-data': 'iotevents',
  cloudhsmv2: 'cloudhsm',
  mturk: 'mechanicalturk',
  'partnercentral-account': 'partnercentral',
  'partnercentral-benefits': 'partnercentral',
  'partnercentral-channel': 'partnercentral',
  'partnercentral-selling': 'partnercentral',
};

/**
 * One summary per botocore service model (its newest API version), in the shape of the v3
 * client summaries, or null when botocore is not installed.
 * @returns {Promise<{ version: string, models: { client: string, version: string, signingNames: string[], endpointPrefixes: string[], operations: string[] }[] } | null>}
 */
export async function botocoreModels() {
  let dir;
  let version;
  try {
    const { stdout } = await run('python3', [
      '-c',
      'import botocore, os; print(os.path.dirname(botocore.__file__)); print(botocore.__version__)',
    ]);
    [dir, version] = stdout.trim().split('\n');
  } catch {
    return null;
  }
  const data = join(dir, 'data');
  if (!existsSync(data)) return null;
  const models = [];
  for (const service of readdirSync(data, { withFileTypes: true })) {
    if (!service.isDirectory()) continue;
    const versions = readdirSync(join(data, service.name)).sort();
    const newest = versions
      .reverse()
      .find((v) => existsSync(join(data, service.name, v, 'service-2.json.gz')));
    if (!newest) continue;
    const model = JSON.parse(gunzipSync(readFileSync(join(data, service.name, newest, 'service-2.json.gz'))));
    const meta = model.metadata ?? {};
    models.push({
      client: `botocore/${service.name}`,
      version,
      signingNames: [meta.signingName ?? meta.endpointPrefix].filter(Boolean),
      endpointPrefixes: [meta.endpointPrefix].filter(Boolean),
      operations: Object.keys(model.operations ?? {}).sort(),
      named: Object.hasOwn(MODEL_PREFIXES, service.name) ? MODEL_PREFIXES[service.name] : undefined,
    });
  }
  return { version, models };
}
