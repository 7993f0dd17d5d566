/**
 * Settles with `work`, or rejects with the signal's reason as soon as it aborts for shutdown or unregister. The work
 * itself goes on (a terminus call cannot take a signal): it is abandoned, and its late outcome is swallowed. On the
 * check's timeout (a `TimeoutError`) it keeps waiting: the runner has answered "timed out" already, and keeping the
 * run outstanding until the call settles is what stops a hung indicator from piling up calls.
 */
export function abandonOnAbort<T>(work: PromiseLike<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return Promise.resolve(work);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      if ((signal.reason as { name?: unknown } | undefined)?.name !== 'TimeoutError') reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    // Promise.resolve turns a thenable whose then() throws into a rejection
    Promise.resolve(work).then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (thrown: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(thrown);
      },
    );
  });
}
