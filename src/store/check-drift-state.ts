import {
  DRIFT_STATE_VERSION,
  type DayUsageFile,
  type DriftCommit,
  type DriftSnapshot,
} from '../model/drift-state.js';

/**
 * What is wrong with a state file read back, found by hand-written shape checks (the state
 * is ours, but a truncated upload, a hand edit or a bad merge must be caught on read, not
 * deep inside the drift engine). Each checker returns the value typed, or throws
 * `ShapeProblem` naming the first bad field by its path.
 */
export class ShapeProblem extends Error {
  /** True when the file says it was written by a newer iamtrim (its format is above ours). */
  readonly newer: boolean;
  constructor(message: string, newer = false) {
    super(message);
    this.newer = newer;
  }
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const policyKinds = new Set(['inline', 'customer-managed', 'aws-managed', 'boundary', 'trust']);
const checkpointKinds = new Set(['files', 's3', 'lookup-events', 'athena']);

type Obj = Record<string, unknown>;

function object(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ShapeProblem(`${path} is not an object`);
  return v as Obj;
}

function field(o: Obj, name: string): unknown {
  return Object.hasOwn(o, name) ? o[name] : undefined;
}

function str(o: Obj, name: string, path: string): string {
  const v = field(o, name);
  if (typeof v !== 'string') throw new ShapeProblem(`${path}.${name} is missing or not a string`);
  return v;
}

function num(o: Obj, name: string, path: string): number {
  const v = field(o, name);
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new ShapeProblem(`${path}.${name} is missing or not a number`);
  return v;
}

function day(o: Obj, name: string, path: string): string {
  const v = str(o, name, path);
  if (!dayPattern.test(v)) throw new ShapeProblem(`${path}.${name} is not a YYYY-MM-DD day`);
  return v;
}

function strings(o: Obj, name: string, path: string): void {
  const v = field(o, name);
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
    throw new ShapeProblem(`${path}.${name} is missing or not a list of strings`);
}

/**
 * The format check every file passes first: a newer format is refused before its shape is
 * looked at (a newer iamtrim may have changed it), and a nonsense one is damage.
 */
function formatVersion(o: Obj, path: string): void {
  const v = field(o, 'formatVersion');
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
    throw new ShapeProblem(`${path}.formatVersion is missing or not a positive integer`);
  if (v > DRIFT_STATE_VERSION)
    throw new ShapeProblem(
      `written by a newer iamtrim (format ${v}); this one reads format ${DRIFT_STATE_VERSION}: upgrade iamtrim to use this state`,
      true,
    );
}

/**
 * Refuses a file of a newer format, whatever else it holds: run before any check that a
 * newer iamtrim may have changed (the content hash, the shape).
 */
export function refuseNewerFormat(v: unknown): void {
  if (typeof v !== 'object' || v === null) return;
  const version = field(v as Obj, 'formatVersion');
  if (typeof version === 'number' && version > DRIFT_STATE_VERSION) formatVersion(v as Obj, 'file');
}

/** A commit file (`commits/NNNNNNNN.json`). Keys it names are checked by the caller. */
export function checkCommit(v: unknown): DriftCommit {
  const o = object(v, 'commit');
  formatVersion(o, 'commit');
  const generation = num(o, 'generation', 'commit');
  if (!Number.isSafeInteger(generation) || generation < 1)
    throw new ShapeProblem('commit.generation is not a positive integer');
  str(o, 'committedAt', 'commit');
  str(o, 'snapshot', 'commit');
  const days = object(field(o, 'days'), 'commit.days');
  for (const [d, key] of Object.entries(days)) {
    if (!dayPattern.test(d)) throw new ShapeProblem(`commit.days has a key that is not a YYYY-MM-DD day`);
    if (typeof key !== 'string') throw new ShapeProblem(`commit.days.${d} is not a string`);
  }
  const checkpoints = field(o, 'checkpoints');
  if (!Array.isArray(checkpoints)) throw new ShapeProblem('commit.checkpoints is missing or not a list');
  checkpoints.forEach((c, i) => checkCheckpoint(c, `commit.checkpoints[${i}]`));
  return o as unknown as DriftCommit;
}

function checkCheckpoint(v: unknown, path: string): void {
  const c = object(v, path);
  const kind = str(c, 'kind', path);
  if (!checkpointKinds.has(kind)) throw new ShapeProblem(`${path}.kind is not a known source kind`);
  switch (kind) {
    case 'files': {
      str(c, 'input', path);
      const files = object(field(c, 'files'), `${path}.files`);
      if (!Object.values(files).every((n) => typeof n === 'number'))
        throw new ShapeProblem(`${path}.files has a size that is not a number`);
      break;
    }
    case 's3':
      str(c, 'url', path);
      day(c, 'doneBefore', path);
      strings(c, 'keys', path);
      break;
    case 'lookup-events':
      str(c, 'region', path);
      str(c, 'readUntil', path);
      break;
    case 'athena':
      str(c, 'table', path);
      day(c, 'readThrough', path);
      break;
  }
}

/** A day file (`days/YYYY-MM-DD/<hash>.json.gz`). `usage` is checked by the usage layer when merged. */
export function checkDayUsageFile(v: unknown): DayUsageFile {
  const o = object(v, 'day file');
  formatVersion(o, 'day file');
  day(o, 'day', 'day file');
  object(field(o, 'usage'), 'day file.usage');
  return o as unknown as DayUsageFile;
}

/** A snapshot file (`snapshots/NNNNNNNN-<hash>.json.gz`). */
export function checkSnapshot(v: unknown): DriftSnapshot {
  const o = object(v, 'snapshot');
  formatVersion(o, 'snapshot');
  str(o, 'runAt', 'snapshot');
  const window = object(field(o, 'window'), 'snapshot.window');
  num(window, 'days', 'snapshot.window');
  day(window, 'from', 'snapshot.window');
  day(window, 'to', 'snapshot.window');
  const coverage = object(field(o, 'coverage'), 'snapshot.coverage');
  strings(coverage, 'daysWithLogs', 'snapshot.coverage');
  strings(coverage, 'regions', 'snapshot.coverage');
  if (field(coverage, 'selectorsHash') !== undefined) str(coverage, 'selectorsHash', 'snapshot.coverage');
  const roles = field(o, 'roles');
  if (!Array.isArray(roles)) throw new ShapeProblem('snapshot.roles is missing or not a list');
  roles.forEach((r, i) => checkRole(r, `snapshot.roles[${i}]`));
  return o as unknown as DriftSnapshot;
}

function checkRole(v: unknown, path: string): void {
  const r = object(v, path);
  str(r, 'arn', path);
  strings(r, 'functions', path);
  str(r, 'policiesHash', path);
  strings(r, 'used', path);
  strings(r, 'denied', path);
  if (field(r, 'removable') !== undefined) strings(r, 'removable', path);
  const policies = field(r, 'policies');
  if (!Array.isArray(policies)) throw new ShapeProblem(`${path}.policies is missing or not a list`);
  policies.forEach((p, i) => {
    const pp = `${path}.policies[${i}]`;
    const policy = object(p, pp);
    if (!policyKinds.has(str(policy, 'kind', pp)))
      throw new ShapeProblem(`${pp}.kind is not a known policy kind`);
    str(policy, 'name', pp);
    str(policy, 'hash', pp);
    if (!Object.hasOwn(policy, 'document')) throw new ShapeProblem(`${pp}.document is missing`);
  });
  const summary = object(field(r, 'summary'), `${path}.summary`);
  num(summary, 'granted', `${path}.summary`);
  num(summary, 'used', `${path}.summary`);
  if (field(summary, 'removable') !== null) num(summary, 'removable', `${path}.summary`);
}
