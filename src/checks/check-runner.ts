import { messages } from '../health.messages.js';
import { failedOutcome, outcomeFromThrown, outcomeFromValue, roundLatency } from './check-result.js';
import type { CheckDefinition, CheckOutcome, HealthCheckReturn, ProbeOrDeep } from './check.types.js';

export type OutcomeListener = (definition: CheckDefinition, outcome: CheckOutcome, probe: ProbeOrDeep) => void;

/** The one outstanding run of a check: `outcome` settles at the run's end or its timeout, whichever is first. */
interface RunSlot {
  readonly outcome: Promise<CheckOutcome>;
  readonly controller: AbortController;
  /** the probe that started the run: a deep run may carry operator-only details */
  readonly probe: ProbeOrDeep;
}

/** What a public probe that joined a deep run may see: its state and reason, not the deep-only details. */
const withoutDetails = (outcome: CheckOutcome): CheckOutcome =>
  outcome.details === undefined ? outcome : { ...outcome, details: undefined };

const STALE_INTERVALS = 3;

function isThenable(value: unknown): value is PromiseLike<HealthCheckReturn> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}

/**
 * Runs one check: timeout with abort, ttl reuse, single-flight, at most one outstanding run,
 * background interval runs and `failAfter` tolerance. Knows nothing of probes' aggregation or HTTP.
 */
export class CheckRunner {
  private slot?: RunSlot;
  /** latest result of a non-deep run: what ttl reuse and interval reads serve */
  private latest?: CheckOutcome;
  private lastGood?: CheckOutcome;
  private consecutiveFailures = 0;
  private timer?: NodeJS.Timeout;
  private noResultYet?: CheckOutcome;
  private stopped = false;

  constructor(
    readonly definition: CheckDefinition,
    private readonly listener: OutcomeListener,
  ) {}

  /** The outcome a probe should see: synchronous when a cached or background result serves it. */
  outcomeFor(probe: ProbeOrDeep): CheckOutcome | Promise<CheckOutcome> {
    if (probe === 'deep') return this.execute(probe);
    const { interval, ttl } = this.definition;
    if (interval !== undefined) return this.backgroundOutcome(interval);
    const latest = this.latest;
    if (latest !== undefined && ttl > 0 && Date.now() - latest.finishedAt < ttl) return latest;
    return this.execute(probe);
  }

  /** Starts background runs for an `interval` check: the first at once, then every interval. */
  start(): void {
    const { interval } = this.definition;
    if (interval === undefined || this.timer || this.stopped) return;
    void this.execute(this.backgroundProbe());
    this.timer = setInterval(() => {
      if (!this.slot) void this.execute(this.backgroundProbe());
    }, interval);
    this.timer.unref();
  }

  /** Stops background runs and aborts a run in flight (application shutdown or unregister). */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    this.slot?.controller.abort(new Error(messages.shuttingDown()));
  }

  /** Starts a run unless one is outstanding, in which case callers share it. */
  execute(probe: ProbeOrDeep): CheckOutcome | Promise<CheckOutcome> {
    const inFlight = this.slot;
    if (inFlight) return inFlight.probe === 'deep' && probe !== 'deep' ? inFlight.outcome.then(withoutDetails) : inFlight.outcome;
    const { timeout, run } = this.definition;
    const controller = new AbortController();
    const startedAt = performance.now();
    let value: unknown;
    let thenable: boolean;
    try {
      value = run({ probe, signal: controller.signal });
      thenable = isThenable(value);
    } catch (thrown) {
      return this.finish(outcomeFromThrown(thrown, this.latencySince(startedAt), Date.now()), probe);
    }
    if (!thenable) return this.finish(this.normalise(value, startedAt), probe);

    let settle!: (outcome: CheckOutcome) => void;
    const slot: RunSlot = { outcome: new Promise((resolve) => (settle = resolve)), controller, probe };
    this.slot = slot;
    let answered = false;
    const answer = (outcome: CheckOutcome) => {
      if (answered) return;
      answered = true;
      settle(this.finish(outcome, probe));
    };
    const timer = setTimeout(() => {
      const reason = messages.timedOut(timeout);
      controller.abort(new Error(reason));
      answer(failedOutcome(reason, 'timeout', this.latencySince(startedAt), Date.now()));
    }, timeout);
    const release = () => {
      clearTimeout(timer);
      // a timed-out run keeps its slot until it really settles, so a hung dependency never piles up runs
      if (this.slot === slot) this.slot = undefined;
    };
    // Promise.resolve turns a thenable whose then() throws into a rejection instead of a stuck slot
    Promise.resolve(value).then(
      (resolved) => {
        release();
        answer(this.normalise(resolved, startedAt));
      },
      (thrown: unknown) => {
        release();
        answer(outcomeFromThrown(thrown, this.latencySince(startedAt), Date.now()));
      },
    );
    return slot.outcome;
  }

  private normalise(value: unknown, startedAt: number): CheckOutcome {
    const latency = this.latencySince(startedAt);
    try {
      return outcomeFromValue(value, latency, Date.now());
    } catch (thrown) {
      return outcomeFromThrown(thrown, latency, Date.now());
    }
  }

  private latencySince(startedAt: number): number {
    return roundLatency(performance.now() - startedAt);
  }

  private finish(outcome: CheckOutcome, probe: ProbeOrDeep): CheckOutcome {
    const reported = this.tolerate(outcome);
    // a deep run may carry heavy, operator-only details: it never feeds what public probes reuse
    if (probe !== 'deep') this.latest = reported;
    // a run aborted by shutdown or unregister is not news: no transition, no log line
    if (!this.stopped) this.listener(this.definition, reported, probe);
    return reported;
  }

  /** Applies `failAfter`: until N consecutive failures, report the last good state marked `failing: k/N`. */
  private tolerate(outcome: CheckOutcome): CheckOutcome {
    if (outcome.state !== 'failed') {
      this.consecutiveFailures = 0;
      this.lastGood = outcome;
      return outcome;
    }
    const { failAfter } = this.definition;
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures >= failAfter || this.lastGood === undefined) return outcome;
    return {
      ...this.lastGood,
      failing: `${this.consecutiveFailures}/${failAfter}`,
      latencyMs: outcome.latencyMs,
      finishedAt: outcome.finishedAt,
    };
  }

  private backgroundOutcome(interval: number): CheckOutcome {
    const latest = this.latest;
    if (latest === undefined) {
      return (this.noResultYet ??= failedOutcome(messages.noResultYet(), 'internal', 0, Date.now()));
    }
    const age = Date.now() - latest.finishedAt;
    if (age > STALE_INTERVALS * interval + this.definition.timeout) {
      return failedOutcome(messages.stale(age), 'internal', 0, latest.finishedAt);
    }
    return latest;
  }

  private backgroundProbe(): ProbeOrDeep {
    return this.definition.probes[0] ?? 'ready';
  }
}
