import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { StateError } from '../../src/errors/iamtrim-error.js';
import type { DayUsageFile, DriftCommit, DriftSnapshot } from '../../src/model/drift-state.js';
import {
  commitDriftState,
  commitKey,
  openDriftState,
  readDay,
  writeDay,
  writeSnapshot,
} from '../../src/store/drift-state-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { backends, type OpenedBackend } from './state-backends.js';

/** The drift state (commits, days, snapshots) over every backend, through one table. */

const ROLE = 'arn:aws:iam::111111111111:role/orders-api-role';

function snapshot(runAt: string, used: string[]): DriftSnapshot {
  return {
    formatVersion: 1,
    runAt,
    window: { days: 90, from: '2026-08-04', to: '2026-11-01' },
    coverage: { daysWithLogs: ['2026-11-01'], regions: ['us-east-1'] },
    roles: [
      {
        arn: ROLE,
        functions: ['orders-api'],
        policiesHash: 'h1',
        policies: [{ kind: 'inline', name: 'orders', hash: 'h1', document: { Statement: [] } }],
        used,
        denied: [],
        removable: ['dynamodb:DeleteItem'],
        summary: { granted: 3, used: used.length, removable: 1 },
      },
    ],
  };
}

function day(d: string, actions: string[]): DayUsageFile {
  return { formatVersion: 1, day: d, usage: { roles: { [ROLE]: actions } } };
}

function commit(generation: number, days: Record<string, string>, snapshotKey: string): DriftCommit {
  return {
    formatVersion: 1,
    generation,
    committedAt: `2026-11-0${generation}T06:00:00.000Z`,
    days,
    checkpoints: [
      { kind: 'files', input: 'logs/', files: { 'a.json.gz': 10 } },
      { kind: 's3', url: 's3://trail/AWSLogs/', doneBefore: '2026-11-01', keys: ['k1'] },
      { kind: 'lookup-events', region: 'us-east-1', readUntil: '2026-11-01T00:00:00Z' },
      { kind: 'athena', table: 'db.trail', readThrough: '2026-10-31' },
    ],
    snapshot: snapshotKey,
  };
}

/** Writes a run's days and snapshot and commits them as generation `g`. */
async function run(
  store: StateStore,
  g: number,
  days: DayUsageFile[],
  snap: DriftSnapshot,
  keep?: number,
): Promise<DriftCommit> {
  const keys: Record<string, string> = {};
  for (const d of days) keys[d.day] = await writeDay(store, d);
  const next = commit(g, keys, await writeSnapshot(store, snap, g));
  await commitDriftState(store, next, keep === undefined ? {} : { keep });
  return next;
}

let opened: OpenedBackend | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

const gz = (value: unknown): Buffer => gzipSync(JSON.stringify(value));
const hashName = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

/**
 * Ways a stored file gets damaged (or comes from a newer iamtrim). Each names the file it
 * breaks in a two-generation state and the error a reader must give; none may reset the state.
 */
const damages: {
  name: string;
  file: 'commit' | 'day' | 'snapshot';
  damage: (bytes: Buffer) => Buffer;
  error: RegExp;
}[] = [
  {
    name: 'a truncated commit',
    file: 'commit',
    damage: (b) => b.subarray(0, Math.floor(b.length / 2)),
    error:
      /is damaged: not valid JSON.*truncated.*remove \S*commits\/00000002\.json to fall back to generation 1/s,
  },
  {
    name: 'an empty commit',
    file: 'commit',
    damage: () => Buffer.alloc(0),
    error: /is damaged: not valid JSON/,
  },
  {
    name: 'a commit without checkpoints',
    file: 'commit',
    damage: (b) => edit(b, (c) => delete c.checkpoints),
    error: /is damaged: commit\.checkpoints is missing or not a list/,
  },
  {
    name: 'a commit with an unknown checkpoint kind',
    file: 'commit',
    damage: (b) => edit(b, (c) => ((c.checkpoints as object[])[0] = { kind: 'ftp' })),
    error: /commit\.checkpoints\[0\]\.kind is not a known source kind/,
  },
  {
    name: 'a commit naming the wrong generation',
    file: 'commit',
    damage: (b) => edit(b, (c) => (c.generation = 7)),
    error: /it says generation 7, its name says 2/,
  },
  {
    name: 'a commit pointing outside the state',
    file: 'commit',
    damage: (b) => edit(b, (c) => ((c.days as Record<string, string>)['2026-11-01'] = '../../etc/passwd')),
    error: /is damaged: not a valid state key/,
  },
  {
    name: 'a commit from a newer iamtrim',
    file: 'commit',
    damage: (b) => edit(b, (c) => ((c.formatVersion = 2), (c.shape = 'new'), delete c.days)),
    error: /written by a newer iamtrim \(format 2\); this one reads format 1: upgrade iamtrim/,
  },
  {
    name: 'a truncated snapshot',
    file: 'snapshot',
    damage: (b) => b.subarray(0, b.length - 9),
    error:
      /snapshots\/00000002-[0-9a-f]{32}\.json\.gz: is damaged: not a whole gzip file.*fall back to generation 1/s,
  },
  {
    name: 'a snapshot whose content is not what its name says',
    file: 'snapshot',
    damage: (b) => gz({ ...JSON.parse(gunzipSync(b).toString()), runAt: 'tampered' }),
    error: /does not match the hash in its name/,
  },
  {
    name: 'a snapshot from a newer iamtrim',
    file: 'snapshot',
    damage: (b) => gz({ ...JSON.parse(gunzipSync(b).toString()), formatVersion: 3 }),
    // Named as newer although its hash no longer matches: a newer iamtrim may hash otherwise.
    error: /written by a newer iamtrim \(format 3\); this one reads format 1: upgrade iamtrim/,
  },
];

function edit(b: Buffer, change: (c: Record<string, unknown>) => unknown): Buffer {
  const c = JSON.parse(b.toString()) as Record<string, unknown>;
  change(c);
  return Buffer.from(JSON.stringify(c));
}

describe.each(backends)('$name drift state', (backend) => {
  const open = async (): Promise<StateStore> => {
    opened = await backend.open();
    return opened.store;
  };

  it('is empty on the first run, then reads back the latest commit, its snapshot and its days', async () => {
    const store = await open();
    expect(await openDriftState(store)).toEqual({});
    const first = await run(
      store,
      1,
      [day('2026-11-01', ['GetItem'])],
      snapshot('2026-11-01T06:00:00Z', ['a']),
    );
    const secondSnap = snapshot('2026-11-02T06:00:00Z', ['a', 'b']);
    const second = await run(
      store,
      2,
      [day('2026-11-01', ['GetItem', 'PutItem']), day('2026-11-02', ['Query'])],
      secondSnap,
    );
    const state = await openDriftState(store);
    expect(state.commit).toEqual(second);
    expect(state.snapshot).toEqual(secondSnap);
    expect(await readDay(store, second.days['2026-11-02']!)).toEqual(day('2026-11-02', ['Query']));
    // The rewritten day got a new file; the one generation 1 names is still there as it was.
    expect(second.days['2026-11-01']).not.toBe(first.days['2026-11-01']);
    expect(await readDay(store, first.days['2026-11-01']!)).toEqual(day('2026-11-01', ['GetItem']));
  });

  it('gives the same day content the same key, and a day its own folder', async () => {
    const store = await open();
    const a = await writeDay(store, day('2026-11-01', ['GetItem']));
    const b = await writeDay(store, day('2026-11-01', ['GetItem']));
    const c = await writeDay(store, day('2026-11-01', ['PutItem']));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(a).toMatch(/^days\/2026-11-01\/[0-9a-f]{32}\.json\.gz$/);
  });

  it('lets one of two runs committing the same generation win; the other fails clearly and loses nothing', async () => {
    const store = await open();
    await run(store, 1, [day('2026-11-01', ['GetItem'])], snapshot('2026-11-01T06:00:00Z', ['a']));
    const base = await openDriftState(store);
    // Both runs read generation 1 and prepare generation 2 at the same time.
    const runs = ['run-a', 'run-b'].map(async (name) => {
      const dayKey = await writeDay(store, day('2026-11-02', [name]));
      const snapKey = await writeSnapshot(store, snapshot(`2026-11-02T06:00:00Z`, [name]), 2);
      return commitDriftState(store, commit(2, { ...base.commit!.days, '2026-11-02': dayKey }, snapKey));
    });
    const settled = await Promise.allSettled(runs);
    const won = settled.filter((s) => s.status === 'fulfilled');
    const lost = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const err = lost[0]!.reason as Error;
    expect(err).toBeInstanceOf(StateError);
    expect(err.message).toContain(opened!.expectedLocation('commits/00000002.json'));
    expect(err.message).toMatch(
      /another drift run committed generation 2 first; nothing of this run was committed/,
    );
    // The state reads as the winner left it: its snapshot, its day.
    const winner = settled.indexOf(won[0]!) === 0 ? 'run-a' : 'run-b';
    const state = await openDriftState(store);
    expect(state.snapshot!.roles[0]!.used).toEqual([winner]);
    expect(await readDay(store, state.commit!.days['2026-11-02']!)).toEqual(day('2026-11-02', [winner]));
    expect(await readDay(store, state.commit!.days['2026-11-01']!)).toEqual(day('2026-11-01', ['GetItem']));
  });

  it.each(damages)('refuses $name, naming the file, and changes nothing', async ({ file, damage, error }) => {
    const store = await open();
    await run(store, 1, [day('2026-11-01', ['GetItem'])], snapshot('2026-11-01T06:00:00Z', ['a']));
    const second = await run(
      store,
      2,
      [day('2026-11-02', ['Query'])],
      snapshot('2026-11-02T06:00:00Z', ['b']),
    );
    const key =
      file === 'commit' ? commitKey(2) : file === 'day' ? second.days['2026-11-02']! : second.snapshot;
    opened!.put(key, damage(opened!.raw().get(key)!));
    const before = opened!.raw();
    const err = await openDriftState(store).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateError);
    expect((err as Error).message.startsWith(`${opened!.expectedLocation(key)}: `)).toBe(true);
    expect((err as Error).message).toMatch(error);
    expect(opened!.raw()).toEqual(before);
  });

  it.each([
    ['a truncated day file', (b: Buffer) => b.subarray(0, 20), /is damaged: not a whole gzip file/],
    [
      'a day file of other content',
      () => gz(day('2026-11-02', ['Scan'])),
      /does not match the hash in its name/,
    ],
  ])('refuses %s, naming it and how to fall back', async (_name, damage, error) => {
    const store = await open();
    await run(store, 1, [day('2026-11-01', ['GetItem'])], snapshot('2026-11-01T06:00:00Z', ['a']));
    const second = await run(
      store,
      2,
      [day('2026-11-02', ['Query'])],
      snapshot('2026-11-02T06:00:00Z', ['b']),
    );
    const key = second.days['2026-11-02']!;
    opened!.put(key, damage(opened!.raw().get(key)!));
    const err = await readDay(store, key, { generation: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateError);
    expect((err as Error).message.startsWith(`${opened!.expectedLocation(key)}: `)).toBe(true);
    expect((err as Error).message).toMatch(error);
    expect((err as Error).message).toContain(`remove ${opened!.expectedLocation(commitKey(2))} to fall back`);
  });

  it.each([
    [
      'newer format',
      { ...day('2026-11-03', []), formatVersion: 2 },
      /written by a newer iamtrim \(format 2\)/,
    ],
    ['missing usage', { formatVersion: 1, day: '2026-11-03' }, /day file\.usage is not an object/],
    ['another day', day('2026-11-04', []), /holds day 2026-11-04 but sits in the folder of 2026-11-03/],
  ])('refuses a well-formed day file with %s', async (_name, content, error) => {
    const store = await open();
    const key = `days/2026-11-03/${hashName(content)}.json.gz`;
    opened!.put(key, gz(content));
    await expect(readDay(store, key)).rejects.toThrow(error);
  });

  it('refuses a day file the commit names but the state lacks', async () => {
    const store = await open();
    const second = await run(
      store,
      1,
      [day('2026-11-02', ['Query'])],
      snapshot('2026-11-02T06:00:00Z', ['b']),
    );
    const key = second.days['2026-11-02']!;
    await store.remove(key);
    await expect(readDay(store, key, { generation: 1 })).rejects.toThrow(
      /is missing, but the commit names it.*remove the whole state/s,
    );
  });

  it('refuses a day file that unpacks past the size limit', async () => {
    const store = await open();
    const content = { ...day('2026-11-03', []), usage: { pad: 'x'.repeat(50_000) } };
    const key = `days/2026-11-03/${hashName(content)}.json.gz`;
    opened!.put(key, gz(content));
    expect((await readDay(store, key)).usage).toEqual(content.usage);
    await expect(readDay(store, key, { maxBytes: 10_000 })).rejects.toThrow(
      /unpacks to more than the 10000-byte limit/,
    );
  });

  it('keeps the last generations and the files they name; only files of pruned commits go', async () => {
    const store = await open();
    const shared = day('2026-11-01', ['GetItem']);
    const commits: DriftCommit[] = [];
    for (let g = 1; g <= 5; g++)
      commits.push(
        await run(
          store,
          g,
          [shared, day('2026-11-02', [`g${g}`])],
          snapshot(`2026-11-0${g}T06:00:00Z`, [`g${g}`]),
          3,
        ),
      );
    // A file no commit names (a run that lost the race) is left alone.
    opened!.put('days/2026-11-09/0123456789abcdef0123456789abcdef.json.gz', gz(day('2026-11-09', [])));
    const keys = [...opened!.raw().keys()];
    expect(keys.filter((k) => k.startsWith('commits/'))).toEqual([commitKey(3), commitKey(4), commitKey(5)]);
    for (const c of commits.slice(2))
      for (const k of [c.snapshot, ...Object.values(c.days)]) expect(keys).toContain(k);
    for (const c of commits.slice(0, 2)) {
      expect(keys).not.toContain(c.snapshot);
      expect(keys).not.toContain(c.days['2026-11-02']);
    }
    expect(keys).toContain(commits[0]!.days['2026-11-01']);
    expect(keys).toContain('days/2026-11-09/0123456789abcdef0123456789abcdef.json.gz');
    expect((await openDriftState(store)).commit).toEqual(commits[4]);
  });
});
