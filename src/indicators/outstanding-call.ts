const outstanding = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Runs `start()` unless the same call on the same owner is still outstanding, in which case callers
 * share it: a hung server sees one command per client, however many runs time out in between.
 */
export function joinOutstanding<T>(owner: object, call: string, start: () => Promise<T>): Promise<T> {
  let calls = outstanding.get(owner);
  const running = calls?.get(call);
  if (running !== undefined) return running as Promise<T>;
  if (calls === undefined) outstanding.set(owner, (calls = new Map()));
  const promise = Promise.resolve()
    .then(start)
    .finally(() => {
      const current = outstanding.get(owner);
      current?.delete(call);
      if (current?.size === 0) outstanding.delete(owner);
    });
  calls.set(call, promise);
  return promise;
}
