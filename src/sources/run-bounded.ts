/** Runs `work` over the items with at most `limit` in flight; the first failure stops new work. */
export async function runBounded<T>(
  items: AsyncIterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const start = (item: T): void => {
    const p: Promise<void> = work(item)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => running.delete(p));
    running.add(p);
  };
  try {
    for await (const item of items) {
      if (failure) break;
      start(item);
      while (running.size >= Math.max(1, limit)) await Promise.race(running);
    }
  } catch (error) {
    failure ??= { error };
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}
