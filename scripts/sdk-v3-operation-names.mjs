// Current API operation names per AWS service, from the AWS SDK for JavaScript v3 client
// packages (@aws-sdk/client-*, Apache-2.0), at the versions pinned in sdk-v3-clients.json.
// Each client ships one dist-types/commands/<Operation>Command.d.ts per API operation, its
// SigV4 signing name in dist-es/auth/httpAuthSchemeProvider.js and its endpoint host in
// dist-es/endpoint/ruleset.js (bdd.js in newer builds). Only those facts are read (names, not code or text), and
// only a small summary per package is cached, so re-runs do not download again.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const cacheDir = join(tmpdir(), 'iamtrim-sdk-v3');

/** @typedef {{ client: string, version: string, serviceId?: string, signingNames: string[], endpointPrefixes: string[], operations: string[] }} ClientSummary */

/** The pinned client list: package name → version. */
export function pinnedClients() {
  return JSON.parse(readFileSync(join(here, 'sdk-v3-clients.json'), 'utf8')).clients;
}

/**
 * Summaries of every pinned client, fetched with `npm pack` into the cache on first use.
 * @returns {Promise<ClientSummary[]>}
 */
export async function sdkV3Clients() {
  const pins = pinnedClients();
  mkdirSync(cacheDir, { recursive: true });
  const summaryFile = (name, version) => join(cacheDir, `${name.replace('/', '+')}@${version}.json`);
  const missing = Object.entries(pins).filter(([n, v]) => !existsSync(summaryFile(n, v)));
  if (missing.length) console.log(`fetching ${missing.length} @aws-sdk client packages into ${cacheDir} ...`);
  // npm pack takes many specs per call; a few calls at a time keeps a 2-core machine usable.
  const batches = [];
  for (let i = 0; i < missing.length; i += 15) batches.push(missing.slice(i, i + 15));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      const work = join(cacheDir, `work-${process.pid}-${next}`);
      mkdirSync(work, { recursive: true });
      const { stdout } = await run('npm', ['pack', '--silent', ...batch.map(([n, v]) => `${n}@${v}`)], {
        cwd: work,
        maxBuffer: 1 << 24,
      });
      const tgzs = stdout.trim().split('\n');
      for (const [i, [name, version]] of batch.entries()) {
        const dir = join(work, `x${i}`);
        mkdirSync(dir);
        await run('tar', ['xzf', join(work, tgzs[i]), '-C', dir]);
        writeFileSync(
          summaryFile(name, version),
          JSON.stringify(summarize(join(dir, 'package'), name, version)),
        );
      }
      rmSync(work, { recursive: true, force: true });
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return Object.entries(pins).map(([n, v]) => JSON.parse(readFileSync(summaryFile(n, v), 'utf8')));
}

/** @returns {ClientSummary} */
function summarize(pkg, client, version) {
  const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
  if (manifest.name !== client || manifest.version !== version)
    throw new Error(`npm pack returned ${manifest.name}@${manifest.version} for ${client}@${version}`);
  const commands = join(pkg, 'dist-types', 'commands');
  const operations = readdirSync(commands)
    .map((f) => /^([A-Za-z0-9]+)Command\.d\.ts$/.exec(f)?.[1])
    .filter(Boolean)
    .sort();
  const text = (...p) => (existsSync(join(pkg, ...p)) ? readFileSync(join(pkg, ...p), 'utf8') : '');
  const auth = text('dist-es', 'auth', 'httpAuthSchemeProvider.js');
  const signingNames = [...new Set([...auth.matchAll(/\bname: "([a-z0-9.-]+)"/g)].map((m) => m[1]))];
  const ruleset = text('dist-es', 'endpoint', 'ruleset.js') + text('dist-es', 'endpoint', 'bdd.js');
  // Hosts look like "https://lambda.{Region}.{PartitionResult#dnsSuffix}" (sometimes "-fips").
  const endpointPrefixes = [
    ...new Set(
      [
        ...ruleset.matchAll(
          /https:\/\/(?:\{[^}]*\}\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*?)(?:-fips)?\.\{Region\}/g,
        ),
      ].map((m) => m[1]),
    ),
  ];
  const serviceId = /serviceId: config\?\.serviceId \?\? "([^"]+)"/.exec(
    text('dist-es', 'runtimeConfig.shared.js'),
  )?.[1];
  return { client, version, serviceId, signingNames, endpointPrefixes, operations };
}

// Clients whose signing name and host are not their IAM prefix (the Service Authorization
// Reference names the prefix: "Actions defined by AWS Partner Central" → partnercentral, IoT
// data plane and secure tunneling → iot, IoT Jobs data plane → iotjobsdata, ...).
const CLIENT_PREFIXES = {
  '@aws-sdk/client-partnercentral-account': 'partnercentral',
  '@aws-sdk/client-partnercentral-benefits': 'partnercentral',
  '@aws-sdk/client-partnercentral-channel': 'partnercentral',
  '@aws-sdk/client-partnercentral-selling': 'partnercentral',
  '@aws-sdk/client-iot-data-plane': 'iot',
  '@aws-sdk/client-iotsecuretunneling': 'iot',
  '@aws-sdk/client-iot-jobs-data-plane': 'iotjobsdata',
  '@aws-sdk/client-iot-events-data': 'iotevents',
  '@aws-sdk/client-cloudhsm-v2': 'cloudhsm',
  '@aws-sdk/client-mturk': 'mechanicalturk',
  '@aws-sdk/client-codecatalyst': 'codecatalyst',
};

/**
 * The IAM prefix of a client: its signing name, else its endpoint host's service part, each
 * through the eventSource exceptions first (monitoring → cloudwatch).
 * @param {ClientSummary} c
 * @param {(candidate: string) => boolean} isIamPrefix
 * @param {Record<string, string>} sourceExceptions eventSource → IAM prefix
 * @returns {string | undefined}
 */
export function v3ClientPrefix(c, isIamPrefix, sourceExceptions) {
  const named = Object.hasOwn(CLIENT_PREFIXES, c.client) ? CLIENT_PREFIXES[c.client] : undefined;
  if (named && isIamPrefix(named)) return named;
  const hosts = c.endpointPrefixes.map((h) => h.replace(/-fips$/, ''));
  for (const candidate of [...c.signingNames, ...hosts]) {
    const viaSource = sourceExceptions[`${candidate}.amazonaws.com`];
    if (viaSource && isIamPrefix(viaSource)) return viaSource;
    if (isIamPrefix(candidate)) return candidate;
  }
  return undefined;
}

// `node scripts/sdk-v3-operation-names.mjs` fetches and prints a one-line summary per client.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const c of await sdkV3Clients())
    console.log(
      `${c.client}@${c.version} sign=${c.signingNames.join(',')} host=${c.endpointPrefixes.join(',')} ops=${c.operations.length}`,
    );
}
