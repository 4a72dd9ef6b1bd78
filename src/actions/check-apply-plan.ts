import type { ActionCatalog } from '../catalog/action-catalog.js';
import { InputError, InvariantError } from '../errors/iamtrim-error.js';
import {
  APPLY_PLAN_VERSION,
  ROLE_BACKUP_VERSION,
  type ApplyPlan,
  type PolicyChange,
  type RoleBackup,
} from '../model/apply-plan.js';
import { parsePolicy } from '../policy/parse-policy.js';
import type { Policy } from '../policy/policy.js';
import { verifyTightening } from '../verify/verify-tightening.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(o: Obj, key: string, where: string): string {
  const v = Object.hasOwn(o, key) ? o[key] : undefined;
  if (typeof v !== 'string') throw new InputError(`${key} must be a string`, where);
  return v;
}

function arr(o: Obj, key: string, where: string): unknown[] {
  const v = Object.hasOwn(o, key) ? o[key] : undefined;
  if (!Array.isArray(v)) throw new InputError(`${key} must be an array`, where);
  return v;
}

function doc(o: Obj, key: string, where: string): unknown {
  if (!Object.hasOwn(o, key) || !isObj(o[key]))
    throw new InputError(`${key} must be a policy document`, where);
  return o[key];
}

function checkChange(v: unknown, where: string): PolicyChange {
  if (!isObj(v)) throw new InputError('each change must be an object', where);
  const kind = str(v, 'kind', where);
  switch (kind) {
    case 'put-inline':
      return {
        kind,
        name: str(v, 'name', where),
        before: doc(v, 'before', where),
        after: doc(v, 'after', where),
      };
    case 'delete-inline':
      return { kind, name: str(v, 'name', where), before: doc(v, 'before', where) };
    case 'new-version':
      return {
        kind,
        arn: str(v, 'arn', where),
        name: str(v, 'name', where),
        versionId: str(v, 'versionId', where),
        before: doc(v, 'before', where),
        after: doc(v, 'after', where),
      };
    case 'replace-aws-managed':
      return {
        kind,
        arn: str(v, 'arn', where),
        name: str(v, 'name', where),
        copyName: str(v, 'copyName', where),
        copyArn: str(v, 'copyArn', where),
        before: doc(v, 'before', where),
        after: doc(v, 'after', where),
      };
    case 'detach':
      return {
        kind,
        arn: str(v, 'arn', where),
        name: str(v, 'name', where),
        before: doc(v, 'before', where),
      };
    default:
      throw new InputError(`unknown change kind ${JSON.stringify(kind).slice(0, 60)}`, where);
  }
}

/**
 * A plan file's JSON, checked field by field (it is input: it may be old, edited or hostile).
 * Errors name `file`.
 */
export function checkApplyPlan(value: unknown, file: string): ApplyPlan {
  if (!isObj(value)) throw new InputError('not an iamtrim apply plan (expected a JSON object)', file);
  if (value['version'] !== APPLY_PLAN_VERSION)
    throw new InputError(
      `plan version ${JSON.stringify(value['version'])} is not ${APPLY_PLAN_VERSION}: make the plan again with this iamtrim`,
      file,
    );
  const sample = Object.hasOwn(value, 'sample') ? value['sample'] : undefined;
  if (!isObj(sample)) throw new InputError('sample must be an object', file);
  return {
    version: APPLY_PLAN_VERSION,
    roleName: str(value, 'roleName', file),
    roleArn: str(value, 'roleArn', file),
    createdAt: str(value, 'createdAt', file),
    hashes: arr(value, 'hashes', file).map((h) => {
      if (!isObj(h)) throw new InputError('each hash must be an object', file);
      return { key: str(h, 'key', file), hash: str(h, 'hash', file) };
    }),
    changes: arr(value, 'changes', file).map((c) => checkChange(c, file)),
    observed: arr(value, 'observed', file).map((o) => {
      if (!isObj(o)) throw new InputError('each observed pair must be an object', file);
      return { action: str(o, 'action', file), resource: str(o, 'resource', file) };
    }),
    sample: {
      partition: str(sample, 'partition', file),
      region: str(sample, 'region', file),
      account: str(sample, 'account', file),
    },
  };
}

function parseOrThrow(document: unknown, source: string, where: string): Policy {
  const p = parsePolicy(document, source);
  if (p.kind === 'invalid')
    throw new InputError(
      `${source} does not parse: ${p.problems.map((x) => `${x.path}: ${x.message}`).join('; ')}`,
      where,
    );
  return p.policy;
}

/**
 * Proves a plan with the project's own evaluator before anything is sent: each new document
 * allows nothing its old one did not, and with the unchanged policies they still allow every
 * observed pair. A plan read from a file may have been edited, so this runs on every apply.
 * `unchanged` are the role's other policies as IAM holds them. Throws `InvariantError`.
 */
export function proveApplyPlan(
  plan: ApplyPlan,
  unchanged: readonly { readonly source: string; readonly document: unknown }[],
  catalog: ActionCatalog,
  where: string,
): void {
  if (plan.changes.length === 0) return;
  const same = unchanged.map((u) => parseOrThrow(u.document, u.source, where));
  const before: Policy[] = [...same];
  const after: Policy[] = [...same];
  for (const c of plan.changes) {
    const source = c.kind === 'put-inline' || c.kind === 'delete-inline' ? `inline policy ${c.name}` : c.arn;
    before.push(parseOrThrow(c.before, source, where));
    if (c.kind === 'put-inline' || c.kind === 'new-version' || c.kind === 'replace-aws-managed')
      after.push(parseOrThrow(c.after, source, where));
  }
  const used = plan.observed.map((o) => ({
    action: o.action,
    count: 1,
    firstSeen: '',
    lastSeen: '',
    resources: o.resource === '*' ? [] : [o.resource],
    functions: [],
  }));
  try {
    verifyTightening({ before, after, used, catalog, sample: plan.sample });
  } catch (err) {
    if (err instanceof InvariantError)
      throw new InvariantError(`the plan in ${where} fails the evaluator's proof: ${err.message}`, {
        cause: err,
      });
    throw err;
  }
}

/** A backup's JSON, checked (it is read back from a directory or bucket others can write). */
export function checkRoleBackup(value: unknown, where: string): RoleBackup {
  if (!isObj(value) || value['version'] !== ROLE_BACKUP_VERSION)
    throw new InputError(`not an iamtrim role backup of version ${ROLE_BACKUP_VERSION}`, where);
  const boundary = Object.hasOwn(value, 'boundary') ? value['boundary'] : undefined;
  return {
    version: ROLE_BACKUP_VERSION,
    id: str(value, 'id', where),
    roleName: str(value, 'roleName', where),
    roleArn: str(value, 'roleArn', where),
    takenAt: str(value, 'takenAt', where),
    inline: arr(value, 'inline', where).map((p) => {
      if (!isObj(p)) throw new InputError('each inline policy must be an object', where);
      return { name: str(p, 'name', where), document: doc(p, 'document', where) };
    }),
    attached: arr(value, 'attached', where).map((p) => {
      if (!isObj(p)) throw new InputError('each attachment must be an object', where);
      const kind = str(p, 'kind', where);
      if (kind !== 'customer-managed' && kind !== 'aws-managed')
        throw new InputError(`attachment kind ${JSON.stringify(kind).slice(0, 60)} is not known`, where);
      return {
        arn: str(p, 'arn', where),
        kind,
        defaultVersionId: str(p, 'defaultVersionId', where),
        document: doc(p, 'document', where),
      };
    }),
    boundary: isObj(boundary)
      ? {
          arn: str(boundary, 'arn', where),
          versionId: str(boundary, 'versionId', where),
          document: doc(boundary, 'document', where),
        }
      : undefined,
    creates: arr(value, 'creates', where).map((c) => {
      if (typeof c !== 'string') throw new InputError('creates must list ARNs', where);
      return c;
    }),
  };
}
