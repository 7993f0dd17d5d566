import { isThenable } from '../is-thenable.js';
import { checkMessages } from './check.messages.js';
import { failedOutcome, latencySince, outcomeFromThrown, outcomeFromValue } from './check-result.js';
import type { CheckDefinition } from './check-definition.js';
import type { CheckOutcome, ProbeOrDeep } from './check.types.js';

/**
 * One run of a check that did not answer synchronously. `outcome` settles at the run's end or at its timeout,
 * whichever comes first; `released` only when the check's promise really settles, which is when the slot frees.
 */
export class RunSlot {
  readonly outcome: Promise<CheckOutcome>;
  readonly released: Promise<void>;
  timedOut = false;
  /** the check's promise has settled: the slot is free */
  settled = false;
  /** the outcome after the starting runner applied `failAfter`: what callers that join the run share */
  reported?: Promise<CheckOutcome>;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly definition: CheckDefinition,
    /** the probe that started the run: a deep run may carry operator-only details */
    readonly probe: ProbeOrDeep,
    pending: PromiseLike<unknown>,
    readonly controller: AbortController,
    readonly startedAt: number,
  ) {
    let answer!: (outcome: CheckOutcome) => void;
    this.outcome = new Promise((resolve) => (answer = resolve));
    const { timeout } = definition;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      const reason = checkMessages.timedOut(timeout);
      // named as the platform names timeouts, so a helper that cannot cancel its work can tell it from a shutdown
      this.controller.abort(Object.assign(new Error(reason), { name: 'TimeoutError' }));
      answer(failedOutcome(reason, 'timeout', latencySince(this.startedAt), Date.now()));
    }, timeout);
    // a hung dependency must not keep the process alive once the app has closed
    this.timer.unref();
    const settle = (outcome: () => CheckOutcome) => {
      // freed before anyone hears the answer, so a caller that awaited it starts a new run
      this.settled = true;
      clearTimeout(this.timer);
      answer(outcome());
    };
    // Promise.resolve turns a thenable whose then() throws into a rejection instead of a stuck slot
    this.released = Promise.resolve(pending).then(
      (value) => settle(() => normalise(value, this.startedAt)),
      (thrown: unknown) => settle(() => outcomeFromThrown(thrown, latencySince(this.startedAt), Date.now())),
    );
  }

  /** Asks the check to stop; the timeout still answers callers if the check ignores its signal. */
  abort(reason: Error): void {
    this.controller.abort(reason);
  }
}

/** Calls the check; a synchronous answer (or throw) is an outcome at once, a promise becomes a slot. */
export function startRun(definition: CheckDefinition, probe: ProbeOrDeep): CheckOutcome | RunSlot {
  const startedAt = performance.now();
  const controller = new AbortController();
  let value: unknown;
  try {
    value = definition.run({ probe, signal: controller.signal });
  } catch (thrown) {
    return outcomeFromThrown(thrown, latencySince(startedAt), Date.now());
  }
  let thenable: boolean;
  try {
    thenable = isThenable(value);
  } catch (thrown) {
    // a hostile object whose `then` getter throws
    return outcomeFromThrown(thrown, latencySince(startedAt), Date.now());
  }
  if (!thenable) return normalise(value, startedAt);
  return new RunSlot(definition, probe, value as PromiseLike<unknown>, controller, startedAt);
}

function normalise(value: unknown, startedAt: number): CheckOutcome {
  const latency = latencySince(startedAt);
  try {
    return outcomeFromValue(value, latency, Date.now());
  } catch (thrown) {
    return outcomeFromThrown(thrown, latency, Date.now());
  }
}
