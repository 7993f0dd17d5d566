export interface AbandonOptions {
  /**
   * Keep waiting when the abort is the check's timeout (its reason is a `TimeoutError`): the runner has answered
   * "timed out" already, and the call staying outstanding is what keeps a hung dependency from being called again.
   */
  readonly holdOnTimeout?: boolean;
}

const isTimeout = (reason: unknown) => (reason as { name?: unknown } | null | undefined)?.name === 'TimeoutError';

/**
 * Settles like `work`, or rejects with the signal's reason the moment it aborts. For work that cannot take a
 * signal (a Redis command, a terminus call): it goes on when abandoned, and its late rejection is swallowed here.
 */
export function abandonOnAbort<T>(work: PromiseLike<T>, signal: AbortSignal | undefined, options: AbandonOptions = {}): Promise<T> {
  // Promise.resolve turns a thenable whose then() throws into a rejection
  const promise = Promise.resolve(work);
  if (signal === undefined) return promise;
  const lets = () => !(options.holdOnTimeout === true && isTimeout(signal.reason));
  if (signal.aborted && lets()) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      if (!lets()) return;
      promise.catch(() => undefined);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
