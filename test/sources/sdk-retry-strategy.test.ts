import { describe, expect, it } from 'vitest';
import { createSdkRetryStrategy } from '../../src/sources/sdk-retry-strategy.js';

describe('SDK retry strategy', () => {
  const strategy = createSdkRetryStrategy({
    maxAttempts: 3,
    throttlingBaseMs: 1000,
    baseMs: 100,
    random: () => 1,
  });

  it('backs off exponentially, longer for throttling than for transient errors', async () => {
    const t0 = await strategy.acquireInitialRetryToken('');
    const t1 = await strategy.refreshRetryTokenForRetry(t0, { errorType: 'THROTTLING' });
    const t2 = await strategy.refreshRetryTokenForRetry(t1, { errorType: 'THROTTLING' });
    expect([t1.getRetryCount(), t1.getRetryDelay()]).toEqual([1, 1000]);
    expect([t2.getRetryCount(), t2.getRetryDelay()]).toEqual([2, 2000]);
    const s1 = await strategy.refreshRetryTokenForRetry(t0, { errorType: 'SERVER_ERROR' });
    expect(s1.getRetryDelay()).toBe(100);
  });

  it('stops at maxAttempts and never retries a client error', async () => {
    const t0 = await strategy.acquireInitialRetryToken('');
    const t2 = await strategy.refreshRetryTokenForRetry(
      await strategy.refreshRetryTokenForRetry(t0, { errorType: 'TRANSIENT' }),
      { errorType: 'TRANSIENT' },
    );
    await expect(strategy.refreshRetryTokenForRetry(t2, { errorType: 'THROTTLING' })).rejects.toThrow();
    await expect(strategy.refreshRetryTokenForRetry(t0, { errorType: 'CLIENT_ERROR' })).rejects.toThrow();
  });

  it('caps a single wait and jitters within its upper half', async () => {
    const capped = createSdkRetryStrategy({ maxAttempts: 20, maxDelayMs: 3000, random: () => 0 });
    let t = await capped.acquireInitialRetryToken('');
    for (let i = 0; i < 10; i++) t = await capped.refreshRetryTokenForRetry(t, { errorType: 'THROTTLING' });
    expect(t.getRetryDelay()).toBe(1500);
  });
});
