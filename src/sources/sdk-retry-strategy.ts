/**
 * The AWS SDK's retry hook (its `RetryStrategyV2`), written out so that the delays are
 * ours to choose: production backs off for seconds, tests for milliseconds. The SDK
 * classifies each error (THROTTLING, TRANSIENT, SERVER_ERROR, CLIENT_ERROR); only the
 * last is final. The SDK sleeps for `getRetryDelay()` before the next attempt.
 */
export interface SdkRetryOptions {
  /** Attempts in all, the first included. Default 5. */
  readonly maxAttempts: number;
  /** Backoff base for throttling errors, ms. Default 1000. */
  readonly throttlingBaseMs: number;
  /** Backoff base for transient and server errors, ms. Default 100. */
  readonly baseMs: number;
  /** Longest single wait, ms. Default 20000. */
  readonly maxDelayMs: number;
  /** In [0, 1); the full-jitter factor. Default `Math.random`. */
  readonly random: () => number;
}

export const defaultSdkRetryOptions: SdkRetryOptions = {
  maxAttempts: 5,
  throttlingBaseMs: 1000,
  baseMs: 100,
  maxDelayMs: 20_000,
  random: Math.random,
};

interface Token {
  getRetryCount(): number;
  getRetryDelay(): number;
}

export interface SdkRetryStrategy {
  acquireInitialRetryToken(scope: string): Promise<Token>;
  refreshRetryTokenForRetry(token: Token, info: { errorType: string; error?: unknown }): Promise<Token>;
  recordSuccess(token: Token): void;
}

const token = (count: number, delay: number): Token => ({
  getRetryCount: () => count,
  getRetryDelay: () => delay,
});

export function createSdkRetryStrategy(overrides: Partial<SdkRetryOptions> = {}): SdkRetryStrategy {
  const o = { ...defaultSdkRetryOptions, ...overrides };
  return {
    acquireInitialRetryToken: async () => token(0, 0),
    async refreshRetryTokenForRetry(previous, info) {
      const attempt = previous.getRetryCount() + 1;
      if (info.errorType === 'CLIENT_ERROR' || attempt >= o.maxAttempts) {
        // The SDK turns this into "throw the last error".
        throw new Error('no retry');
      }
      const base = info.errorType === 'THROTTLING' ? o.throttlingBaseMs : o.baseMs;
      const cap = Math.min(o.maxDelayMs, base * 2 ** (attempt - 1));
      return token(attempt, Math.floor(cap * (0.5 + o.random() / 2)));
    },
    recordSuccess: () => undefined,
  };
}
