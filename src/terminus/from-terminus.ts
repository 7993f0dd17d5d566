import { CONTEXT_KEYS, CORE_ENTRY_KEYS, type HealthCheckDetails } from './check-contract.js';
import { abandonOnAbort } from '../abandon-on-abort.js';
import { readTerminusResult, readThrownCauses, type TerminusIndicatorResult, type TerminusReading } from './terminus-result.js';
import { terminusMessages } from './terminus.messages.js';

/** One terminus indicator call — `() => this.db.pingCheck('database')` — or the call's pending result. */
export type TerminusIndicatorCall =
  | (() => TerminusIndicatorResult | PromiseLike<TerminusIndicatorResult>)
  | PromiseLike<TerminusIndicatorResult>;

export interface FromTerminusOptions {
  /** the check's `ctx.signal` (or pass `ctx` itself): the call is abandoned when the check times out or the app shuts down */
  readonly signal?: AbortSignal;
}

/**
 * Turns one @nestjs/terminus indicator call into what a `@HealthCheck` method returns: `up` → healthy with the
 * indicator's details, `degraded` (terminus 12) → degraded with its message, `down` → a rejection carrying the
 * indicator's message, so the reason is withheld on public routes and shown on deep. The old
 * `HealthCheckError` (an error with `causes`) is read by shape; any other throw is passed on as it is.
 */
export async function fromTerminus(call: TerminusIndicatorCall, options?: FromTerminusOptions): Promise<HealthCheckDetails> {
  const signal = signalOf(options);
  if (typeof call !== 'function' && !isThenable(call)) throw new TypeError(terminusMessages.notACall(call));
  signal?.throwIfAborted();
  let value: unknown;
  try {
    value = await abandonOnAbort(Promise.resolve().then(typeof call === 'function' ? call : () => call), signal, { holdOnTimeout: true });
  } catch (thrown) {
    const causes = signal?.aborted ? undefined : readThrownCauses(thrown);
    if (causes?.status !== 'down') throw thrown;
    throw new Error(causes.reason, { cause: thrown });
  }
  const reading = readTerminusResult(value);
  if (reading === undefined) throw new TypeError(terminusMessages.notAResult(value));
  if (reading.status === 'down') throw new Error(reading.reason, { cause: value });
  return checkDetails(reading);
}

/** up and degraded are returned: their message is the indicator author's own, shown like any returned message. */
function checkDetails(reading: TerminusReading): HealthCheckDetails {
  const details: HealthCheckDetails = {};
  for (const [key, value] of Object.entries(reading.details)) {
    details[CORE_ENTRY_KEYS.has(key) ? `terminus_${key}` : key] = value;
  }
  if (reading.status === 'degraded') details.degraded = true;
  if (reading.reason !== undefined) details.message = reading.reason;
  return details;
}

function signalOf(options: FromTerminusOptions | undefined): AbortSignal | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object') throw new TypeError(terminusMessages.notOptions(options));
  for (const key of Object.keys(options)) {
    if (!CONTEXT_KEYS.has(key)) throw new TypeError(terminusMessages.unknownOption(key));
  }
  const { signal } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError(terminusMessages.notASignal(signal));
  return signal;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null | undefined)?.then === 'function';
}
