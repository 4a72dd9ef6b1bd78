import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { StateError } from '../errors/iamtrim-error.js';
import type { DayUsageFile, DriftCommit, DriftSnapshot } from '../model/drift-state.js';
import {
  checkCommit,
  checkDayUsageFile,
  checkSnapshot,
  refuseNewerFormat,
  ShapeProblem,
} from './check-drift-state.js';
import { checkStateKey, MAX_STATE_OBJECT_BYTES, type StateStore } from './state-store.js';

/**
 * The drift state on top of a `StateStore`:
 * - `commits/NNNNNNNN.json`: one per generation, created exclusively; the highest is the state.
 * - `days/YYYY-MM-DD/<sha256>.json.gz`: one UTC day of usage. Named by content, so rewriting a
 *   day makes a new file and never changes one an older commit points at.
 * - `snapshots/NNNNNNNN-<sha256>.json.gz`: a run's snapshot, by content too, so a run that
 *   loses the race to commit cannot overwrite the winner's snapshot.
 * A run writes its day and snapshot files, then commits; until the commit nothing it wrote is
 * part of the state. Reads check every file's shape and refuse a newer format; nothing here
 * ever resets a state it cannot read.
 */

/** How many generations `commitDriftState` keeps by default (older ones are pruned). */
export const KEEP_GENERATIONS = 10;

/** Limits for reading; tests lower them. */
export interface DriftStateReadOptions {
  /** Largest file read, and largest unpacked; default `MAX_STATE_OBJECT_BYTES` (256 MiB). */
  readonly maxBytes?: number;
  /** The generation whose commit named the file, for the recovery hint of an error. */
  readonly generation?: number;
}

/** The state as the latest commit left it; both absent on the first run (a baseline). */
export interface OpenedDriftState {
  readonly commit?: DriftCommit;
  readonly snapshot?: DriftSnapshot;
}

/** What `commitDriftState` did. */
export interface DriftCommitResult {
  /** The store key of the new commit. */
  readonly key: string;
  /** Keys pruning removed. */
  readonly removed: readonly string[];
  /** Pruning problems: the commit stands, only tidying was skipped. */
  readonly warnings: readonly string[];
}

/** `commits/00000003.json` for generation 3. */
export function commitKey(generation: number): string {
  return `commits/${String(generation).padStart(8, '0')}.json`;
}

const commitName = /^commits\/(\d{8,})\.json$/;
const hashLength = 32;

/**
 * Reads the latest generation (the highest `commits/NNNNNNNN.json`) and its snapshot. No
 * commit at all is a first run. A damaged or newer-format commit or snapshot is a
 * `StateError` naming the file and how to fall back; the state is never reset.
 */
export async function openDriftState(
  store: StateStore,
  options: DriftStateReadOptions = {},
): Promise<OpenedDriftState> {
  const generations = await listGenerations(store);
  const latest = generations[generations.length - 1];
  if (latest === undefined) return {};
  const commit = await readCommit(store, latest, options);
  const snapshot = await readSnapshot(store, commit.snapshot, { ...options, generation: latest });
  return { commit, snapshot };
}

/** The committed generations, ascending. Other names under `commits/` are ignored. */
export async function listGenerations(store: StateStore): Promise<number[]> {
  const generations: number[] = [];
  for (const key of await store.list('commits/')) {
    const m = commitName.exec(key);
    if (m) generations.push(Number(m[1]));
  }
  return generations.filter(Number.isSafeInteger).sort((a, b) => a - b);
}

/** One commit, checked: its shape, its format, that it is the generation its name says, and its keys. */
export async function readCommit(
  store: StateStore,
  generation: number,
  options: DriftStateReadOptions = {},
): Promise<DriftCommit> {
  const key = commitKey(generation);
  const where = store.describe(key);
  const hint = recoveryHint(store, generation, 'commit');
  const bytes = await store.read(key, options.maxBytes ?? MAX_STATE_OBJECT_BYTES);
  if (bytes === undefined)
    throw new StateError('disappeared while being read (another run pruning?); run again', where);
  const commit = checked(() => checkCommit(parseJson(Buffer.from(bytes).toString('utf8'))), where, hint);
  if (commit.generation !== generation)
    throw damaged(where, `it says generation ${commit.generation}, its name says ${generation}`, hint);
  try {
    checkStateKey(commit.snapshot, where);
    for (const k of Object.values(commit.days)) checkStateKey(k, where);
  } catch (e) {
    throw damaged(where, e instanceof StateError ? e.message.slice(where.length + 2) : String(e), hint);
  }
  return commit;
}

/** One day file a commit names. A missing, damaged or mislabelled one is a `StateError`. */
export async function readDay(
  store: StateStore,
  key: string,
  options: DriftStateReadOptions = {},
): Promise<DayUsageFile> {
  const day = await readGzipJson(store, key, 'day', options);
  const file = checked(
    () => checkDayUsageFile(day),
    store.describe(key),
    recoveryHint(store, options.generation, 'day'),
  );
  const folder = /^days\/(\d{4}-\d{2}-\d{2})\//.exec(key)?.[1];
  if (folder !== undefined && folder !== file.day)
    throw damaged(
      store.describe(key),
      `it holds day ${file.day} but sits in the folder of ${folder}`,
      recoveryHint(store, options.generation, 'day'),
    );
  return file;
}

/** One snapshot file a commit names. */
export async function readSnapshot(
  store: StateStore,
  key: string,
  options: DriftStateReadOptions = {},
): Promise<DriftSnapshot> {
  const snapshot = await readGzipJson(store, key, 'snapshot', options);
  return checked(
    () => checkSnapshot(snapshot),
    store.describe(key),
    recoveryHint(store, options.generation, 'snapshot'),
  );
}

/**
 * Writes one day's usage, gzipped, under a name made of its day and content hash, and returns
 * that key for the next commit's `days`. The same content always gets the same key.
 */
export async function writeDay(store: StateStore, day: DayUsageFile): Promise<string> {
  checked(
    () => checkDayUsageFile(day),
    `day ${String(day.day)}`,
    'this is a bug in iamtrim; the state was not changed',
  );
  const json = JSON.stringify(day);
  const key = `days/${day.day}/${hashOf(json)}.json.gz`;
  await store.write(key, gzipSync(json));
  return key;
}

/** Writes this run's snapshot for generation `generation` and returns its key for the commit. */
export async function writeSnapshot(
  store: StateStore,
  snapshot: DriftSnapshot,
  generation: number,
): Promise<string> {
  checked(() => checkSnapshot(snapshot), 'snapshot', 'this is a bug in iamtrim; the state was not changed');
  const json = JSON.stringify(snapshot);
  const key = `snapshots/${String(generation).padStart(8, '0')}-${hashOf(json)}.json.gz`;
  await store.write(key, gzipSync(json));
  return key;
}

/**
 * Commits generation `next.generation`: creates its commit file only if no run did so first.
 * If one did, throws a `StateError`: nothing of this run was committed, the state is the
 * other run's, and the next run reads the same logs again. After a successful commit, keeps
 * the last `keep` generations and removes the files only older ones referenced; a failure of
 * that is a warning, never an error (the commit stands). `keep: 0` skips pruning.
 */
export async function commitDriftState(
  store: StateStore,
  next: DriftCommit,
  options: { readonly keep?: number } = {},
): Promise<DriftCommitResult> {
  const key = commitKey(next.generation);
  const where = store.describe(key);
  const bug = 'this is a bug in iamtrim; the state was not changed';
  checked(() => checkCommit(next), where, bug);
  checkStateKey(next.snapshot, where);
  for (const k of Object.values(next.days)) checkStateKey(k, where);

  const created = await store.createExclusive(key, Buffer.from(`${JSON.stringify(next, null, 2)}\n`));
  if (!created)
    throw new StateError(
      `another drift run committed generation ${next.generation} first; nothing of this run was committed ` +
        "and the state is that run's. Run drift again: it reads the logs from that commit on " +
        "(this run's day and snapshot files are not referenced by any commit)",
      where,
    );
  const keep = options.keep ?? KEEP_GENERATIONS;
  if (keep <= 0) return { key, removed: [], warnings: [] };
  return { key, ...(await pruneDriftState(store, keep)) };
}

/**
 * Removes all but the last `keep` commits, then the day and snapshot files that only the
 * removed commits referenced. Files no commit ever referenced (a run that lost the race to
 * commit, or crashed) are left alone: a run in progress may be about to commit them.
 * Commits go first, so a crash halfway leaves unreferenced files, never a commit that points
 * at a missing one. Problems are returned as warnings.
 */
export async function pruneDriftState(
  store: StateStore,
  keep: number = KEEP_GENERATIONS,
): Promise<{ removed: string[]; warnings: string[] }> {
  const removed: string[] = [];
  const warnings: string[] = [];
  let generations: number[];
  try {
    generations = await listGenerations(store);
  } catch (e) {
    return { removed, warnings: [`old state generations were not pruned: ${messageOf(e)}`] };
  }
  if (generations.length <= keep) return { removed, warnings };
  const kept = generations.slice(-keep);
  const dropped = generations.slice(0, -keep);

  const referenced = new Set<string>();
  try {
    for (const g of kept) for (const k of filesOf(await readCommit(store, g))) referenced.add(k);
  } catch (e) {
    return { removed, warnings: [`old state generations were not pruned: ${messageOf(e)}`] };
  }
  const candidates = new Set<string>();
  for (const g of dropped) {
    try {
      for (const k of filesOf(await readCommit(store, g))) if (!referenced.has(k)) candidates.add(k);
    } catch (e) {
      // Its files cannot be known; the commit itself still goes (it is past the kept ones).
      warnings.push(`the files of generation ${g} were not pruned: ${messageOf(e)}`);
    }
  }
  for (const k of [...dropped.map(commitKey), ...[...candidates].sort()]) {
    try {
      await store.remove(k);
      removed.push(k);
    } catch (e) {
      warnings.push(`could not prune ${store.describe(k)}: ${messageOf(e)}`);
    }
  }
  return { removed, warnings };
}

function filesOf(commit: DriftCommit): string[] {
  return [commit.snapshot, ...Object.values(commit.days)];
}

async function readGzipJson(
  store: StateStore,
  key: string,
  what: 'day' | 'snapshot',
  options: DriftStateReadOptions,
): Promise<unknown> {
  const where = store.describe(key);
  const hint = recoveryHint(store, options.generation, what);
  checked(() => checkStateKey(key, where), where, hint);
  const maxBytes = options.maxBytes ?? MAX_STATE_OBJECT_BYTES;
  const bytes = await store.read(key, maxBytes);
  if (bytes === undefined)
    throw new StateError(`is missing, but the commit names it; the state was not changed. ${hint}`, where);
  let text: string;
  try {
    text = gunzipSync(bytes, { maxOutputLength: maxBytes }).toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new StateError(
        `unpacks to more than the ${maxBytes}-byte limit for a state file; it was not read and the state was not changed`,
        where,
      );
    throw damaged(where, `not a whole gzip file: ${messageOf(e)}`, hint);
  }
  const value = checked(() => parseJson(text), where, hint);
  checked(() => refuseNewerFormat(value), where, hint);
  const named = /([0-9a-f]{32})\.json\.gz$/.exec(key)?.[1];
  if (named !== undefined && named !== hashOf(text))
    throw damaged(where, 'its content does not match the hash in its name', hint);
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ShapeProblem(`not valid JSON (${messageOf(e)}); it may be truncated`);
  }
}

/** Runs a shape check; a problem becomes a `StateError` at `where` (a newer format says so plainly). */
function checked<T>(check: () => T, where: string, hint: string): T {
  try {
    return check();
  } catch (e) {
    if (!(e instanceof ShapeProblem)) throw e;
    if (e.newer) throw new StateError(`${e.message}; the state was not changed`, where);
    throw damaged(where, e.message, hint);
  }
}

function damaged(where: string, why: string, hint: string): StateError {
  return new StateError(`is damaged: ${why}. The state was not changed. ${hint}`, where);
}

/** How to get a usable state back after a damaged file of generation `generation`. */
function recoveryHint(
  store: StateStore,
  generation: number | undefined,
  file: 'commit' | 'day' | 'snapshot',
): string {
  const all = `remove the whole state (${store.describe('')}) to start again from a baseline`;
  if (generation === undefined)
    return `To recover, remove the newest commit under ${store.describe('commits/')} to fall back to the previous generation, or ${all}.`;
  const commit = store.describe(commitKey(generation));
  if (generation <= 1) return `To recover, ${all}.`;
  const shared = file === 'commit' ? '' : ' (if that generation names the same file, the error comes back)';
  return `To recover, remove ${commit} to fall back to generation ${generation - 1}${shared}, or ${all}.`;
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, hashLength);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
