/**
 * Gathers single calls into one batch (group commit): a caller's promise settles when the batch that
 * holds its item has run. Hot paths use it so 1,000 messages/s cost tens of queries/s, not thousands,
 * while a job still completes only after its own write is durable.
 */
export interface Batcher<I, O> {
  add(item: I): Promise<O>;
  /** Runs whatever is waiting now, and waits for batches already running. */
  flush(): Promise<void>;
}

export function createBatcher<I, O>(
  run: (items: I[]) => Promise<O[]>,
  options: { maxSize: number; maxWaitMs: number },
): Batcher<I, O> {
  let waiting: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const running = new Set<Promise<void>>();

  const dispatch = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (waiting.length === 0) return;
    const batch = waiting;
    waiting = [];
    const done = run(batch.map((entry) => entry.item)).then(
      (results) => {
        batch.forEach((entry, index) => {
          entry.resolve(results[index] as O);
        });
      },
      (error: unknown) => {
        for (const entry of batch) entry.reject(error);
      },
    );
    running.add(done);
    void done.finally(() => running.delete(done));
  };

  return {
    add(item) {
      return new Promise<O>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        if (waiting.length >= options.maxSize) dispatch();
        else timer ??= setTimeout(dispatch, options.maxWaitMs);
      });
    },
    async flush() {
      dispatch();
      await Promise.allSettled([...running]);
    },
  };
}
