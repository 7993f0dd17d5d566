import { abandonOnAbort } from '../abandon-on-abort.js';
import { indicatorMessages } from './indicator.messages.js';

/**
 * Settles like `promise`, or rejects after `ms` (a read that must answer before the check's own
 * timeout turns "the broker hangs" into a failed check) or when `signal` aborts.
 */
export async function readWithin<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(indicatorMessages.waitingReadTimedOut(ms))), ms);
  });
  promise.catch(() => undefined);
  try {
    return await abandonOnAbort(Promise.race([promise, deadline]), signal);
  } finally {
    clearTimeout(timer);
  }
}
