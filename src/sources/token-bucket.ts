/**
 * A token bucket for AWS APIs with a published request rate. LookupEvents allows
 * 2 requests per second per account and region; staying under that up front costs less
 * than being throttled and backing off.
 */
export interface TokenBucketOptions {
  /** Tokens added per second. Default 2. */
  readonly ratePerSecond: number;
  /** Most tokens the bucket holds, i.e. the largest burst. Default 2. */
  readonly burst: number;
  /** Epoch ms; injectable so tests need no real timers. Default `Date.now`. */
  readonly now: () => number;
  /** Default: a real `setTimeout`. */
  readonly sleep: (ms: number) => Promise<void>;
}

export const defaultTokenBucketOptions: TokenBucketOptions = {
  ratePerSecond: 2,
  burst: 2,
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface TokenBucket {
  /** Resolves when the caller may send one request. */
  take(): Promise<void>;
}

export function createTokenBucket(overrides: Partial<TokenBucketOptions> = {}): TokenBucket {
  const o = { ...defaultTokenBucketOptions, ...overrides };
  if (!(o.ratePerSecond > 0) || !(o.burst >= 1)) {
    throw new RangeError(`token bucket needs rate > 0 and burst >= 1 (got ${o.ratePerSecond}, ${o.burst})`);
  }
  let tokens = o.burst;
  let last = o.now();
  return {
    async take() {
      const now = o.now();
      tokens = Math.min(o.burst, tokens + ((now - last) / 1000) * o.ratePerSecond);
      last = now;
      // Reserve the token at once, going into debt if need be: concurrent callers then
      // queue up behind each other instead of all waking at the same instant.
      tokens -= 1;
      if (tokens < 0) await o.sleep((-tokens / o.ratePerSecond) * 1000);
    },
  };
}

/** One bucket per account and region, because that is how AWS counts the limit. */
export interface TokenBucketRegistry {
  bucketFor(account: string, region: string): TokenBucket;
}

export function createTokenBucketRegistry(overrides: Partial<TokenBucketOptions> = {}): TokenBucketRegistry {
  const buckets = new Map<string, TokenBucket>();
  return {
    bucketFor(account, region) {
      const key = `${account}/${region}`;
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = createTokenBucket(overrides);
        buckets.set(key, bucket);
      }
      return bucket;
    },
  };
}
