/** Bytes in flight: `take` waits while others hold the budget, unless nothing is held. */
export interface ByteBudget {
  take(bytes: number): Promise<void>;
  give(bytes: number): void;
}

/** A budget of `max` bytes; one request larger than it is still let through, alone. */
export function createByteBudget(max: number): ByteBudget {
  let held = 0;
  const waiting: (() => void)[] = [];
  return {
    async take(bytes) {
      while (held > 0 && held + bytes > max) await new Promise<void>((r) => waiting.push(r));
      held += bytes;
    },
    give(bytes) {
      held -= bytes;
      for (const wake of waiting.splice(0)) wake();
    },
  };
}
