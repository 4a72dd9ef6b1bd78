import { afterEach, describe, expect, it } from 'vitest';
import { StateError } from '../../src/errors/iamtrim-error.js';
import type { StateStore } from '../../src/store/state-store.js';
import { backends, type OpenedBackend } from './state-backends.js';

/** The blob-store contract, the same table for the directory, a symlinked directory and S3. */

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined): string | undefined =>
  b === undefined ? undefined : new TextDecoder().decode(b);

let opened: OpenedBackend | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

describe.each(backends)('$name state store', (backend) => {
  const open = async (): Promise<StateStore> => {
    opened = await backend.open();
    return opened.store;
  };

  it('reads nothing from an empty state, then reads back what it wrote and what replaced it', async () => {
    const store = await open();
    expect(await store.read('commits/00000001.json')).toBeUndefined();
    expect(await store.list('commits/')).toEqual([]);
    await store.write('days/2026-11-01/a.json.gz', bytes('first'));
    expect(text(await store.read('days/2026-11-01/a.json.gz'))).toBe('first');
    await store.write('days/2026-11-01/a.json.gz', bytes('second, longer'));
    expect(text(await store.read('days/2026-11-01/a.json.gz'))).toBe('second, longer');
    expect([...opened!.raw().keys()]).toEqual(['days/2026-11-01/a.json.gz']);
  });

  it('lists keys under a prefix, sorted, across nested folders and nothing outside it', async () => {
    const store = await open();
    for (const k of ['days/2026-11-02/b.json.gz', 'days/2026-11-01/z.json.gz', 'days/2026-11-01/a.json.gz'])
      await store.write(k, bytes(k));
    await store.write('commits/00000001.json', bytes('{}'));
    await store.write('daysafter.json', bytes('{}'));
    expect(await store.list('days/')).toEqual([
      'days/2026-11-01/a.json.gz',
      'days/2026-11-01/z.json.gz',
      'days/2026-11-02/b.json.gz',
    ]);
    expect(await store.list('days/2026-11-01/')).toEqual([
      'days/2026-11-01/a.json.gz',
      'days/2026-11-01/z.json.gz',
    ]);
    expect(await store.list('commits/')).toEqual(['commits/00000001.json']);
  });

  it('removes a key, and removing a missing one is not an error', async () => {
    const store = await open();
    await store.write('days/2026-11-01/a.json.gz', bytes('x'));
    await store.write('days/2026-11-01/b.json.gz', bytes('y'));
    await store.remove('days/2026-11-01/a.json.gz');
    await store.remove('days/2026-11-01/a.json.gz');
    expect(await store.read('days/2026-11-01/a.json.gz')).toBeUndefined();
    expect(await store.list('days/')).toEqual(['days/2026-11-01/b.json.gz']);
  });

  it('creates exclusively: the first create wins, the second is refused and changes nothing', async () => {
    const store = await open();
    expect(await store.createExclusive('commits/00000001.json', bytes('winner'))).toBe(true);
    expect(await store.createExclusive('commits/00000001.json', bytes('loser'))).toBe(false);
    expect(text(await store.read('commits/00000001.json'))).toBe('winner');
    // Nothing else (no temporary file) is left behind.
    expect([...opened!.raw().keys()]).toEqual(['commits/00000001.json']);
  });

  it('lets exactly one of several simultaneous exclusive creates win', async () => {
    const store = await open();
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((w) => store.createExclusive('commits/00000002.json', bytes(w))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = ['a', 'b', 'c', 'd'][results.indexOf(true)];
    expect(text(await store.read('commits/00000002.json'))).toBe(winner);
  });

  it('describes a key as the user finds it', async () => {
    const store = await open();
    expect(store.describe('commits/00000003.json')).toBe(opened!.expectedLocation('commits/00000003.json'));
  });

  it.each(['../outside.json', '/etc/passwd', 'days//x', 'days/../../x', '.hidden', 'days/.x.tmp', ''])(
    'refuses the key %j without touching the medium',
    async (key) => {
      const store = await open();
      for (const op of [
        () => store.read(key),
        () => store.write(key, bytes('x')),
        () => store.createExclusive(key, bytes('x')),
        () => store.remove(key),
      ])
        await expect(op()).rejects.toThrow(StateError);
      expect(opened!.raw().size).toBe(0);
    },
  );

  it('refuses to read an object over the size limit, naming it', async () => {
    const store = await open();
    await store.write('snapshots/big.json.gz', new Uint8Array(2048));
    const err = await store.read('snapshots/big.json.gz', 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateError);
    expect((err as Error).message).toContain(opened!.expectedLocation('snapshots/big.json.gz'));
    expect((err as Error).message).toMatch(/2048 bytes, over the 1024-byte limit/);
    expect((await store.read('snapshots/big.json.gz', 4096))?.length).toBe(2048);
  });
});
