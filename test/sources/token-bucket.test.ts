import { describe, expect, it } from 'vitest';
import { createTokenBucket, createTokenBucketRegistry } from '../../src/sources/token-bucket.js';

/** A clock that only moves when the bucket sleeps, and a log of every sleep. */
function fakeClock(start = 1_000_000) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
    sleeps,
    get t() {
      return t;
    },
  };
}

describe('token bucket', () => {
  it('lets a burst of 2 through at once, then paces at 2 per second', async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ now: clock.now, sleep: clock.sleep });
    const start = clock.t;
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      await bucket.take();
      times.push(clock.t - start);
    }
    expect(times).toEqual([0, 0, 500, 1000, 1500, 2000]);
  });

  it('refills while idle, but never beyond the burst', async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ now: clock.now, sleep: clock.sleep, burst: 2 });
    await bucket.take();
    await bucket.take();
    clock.advance(60_000);
    await bucket.take();
    await bucket.take();
    expect(clock.sleeps).toEqual([]);
    await bucket.take();
    expect(clock.sleeps).toEqual([500]);
  });

  it('queues concurrent callers one after another', async () => {
    const clock = fakeClock();
    const waits: number[] = [];
    // This clock does not advance on sleep: every caller computes its wait at the same instant.
    const bucket = createTokenBucket({
      now: clock.now,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await Promise.all([1, 2, 3, 4, 5].map(() => bucket.take()));
    expect(waits).toEqual([500, 1000, 1500]);
  });

  it('honours a custom rate', async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ now: clock.now, sleep: clock.sleep, ratePerSecond: 10, burst: 1 });
    await bucket.take();
    await bucket.take();
    expect(clock.sleeps).toEqual([100]);
  });

  it('rejects a rate that could never refill', () => {
    expect(() => createTokenBucket({ ratePerSecond: 0 })).toThrow(RangeError);
  });

  it('keeps one bucket per account and region', async () => {
    const clock = fakeClock();
    const registry = createTokenBucketRegistry({ now: clock.now, sleep: clock.sleep });
    expect(registry.bucketFor('111', 'us-east-1')).toBe(registry.bucketFor('111', 'us-east-1'));
    expect(registry.bucketFor('111', 'us-east-1')).not.toBe(registry.bucketFor('111', 'eu-west-1'));
    expect(registry.bucketFor('111', 'us-east-1')).not.toBe(registry.bucketFor('222', 'us-east-1'));
    // Draining one region's bucket does not slow another's.
    for (let i = 0; i < 2; i++) await registry.bucketFor('111', 'us-east-1').take();
    for (let i = 0; i < 2; i++) await registry.bucketFor('111', 'eu-west-1').take();
    expect(clock.sleeps).toEqual([]);
    await registry.bucketFor('111', 'us-east-1').take();
    expect(clock.sleeps).toEqual([500]);
  });
});
