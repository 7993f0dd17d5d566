import { checkMessages } from './check.messages.js';
import { failedOutcome, latencySince } from './check-result.js';
import { FailAfter, withoutDetails } from './fail-after.js';
import { startRun, type RunSlot } from './run-slot.js';
import type { RunSlots } from './run-slots.js';
import type { CheckDefinition } from './check-definition.js';
import type { CheckOutcome, ProbeOrDeep } from './check.types.js';

/** Told of every finished run (and of every further timeout of a hung one), after `failAfter` is applied. */
export type OutcomeListener = (definition: CheckDefinition, outcome: CheckOutcome, probe: ProbeOrDeep) => void;

const STALE_INTERVALS = 3;

/**
 * Runs one check: timeout with abort, ttl reuse, single-flight, at most one outstanding run, background
 * interval runs and `failAfter` tolerance. Knows nothing of probes' aggregation or transports.
 */
export class CheckRunner {
  /** latest result of a public run: what ttl reuse, interval reads and joiners of a hung run are served */
  private latest?: CheckOutcome;
  private readonly tolerance: FailAfter;
  private timer?: NodeJS.Timeout;
  private hungTimer?: NodeJS.Timeout;
  private noResultYet?: CheckOutcome;
  private stopped = false;

  constructor(
    readonly definition: CheckDefinition,
    private readonly slots: RunSlots,
    private readonly listener: OutcomeListener,
  ) {
    this.tolerance = new FailAfter(definition.failAfter);
  }

  /** The outcome a probe should see: synchronous when a cached or background result serves it. */
  outcomeFor(probe: ProbeOrDeep): CheckOutcome | Promise<CheckOutcome> {
    if (probe === 'deep') return this.execute(probe);
    const { interval, ttl } = this.definition;
    if (interval !== undefined) return this.backgroundOutcome(interval);
    const latest = this.latest;
    if (latest !== undefined && ttl > 0 && Date.now() - latest.finishedAt < ttl) return latest;
    return this.execute(probe);
  }

  /**
   * What a public probe would be served now, running nothing: an interval check's background result (or "no result
   * yet" / "stale"), else the latest public run's outcome, which may be older than ttl; undefined before any run.
   */
  peek(): CheckOutcome | undefined {
    const { interval } = this.definition;
    return interval !== undefined ? this.backgroundOutcome(interval) : this.latest;
  }

  /** Starts background runs for an `interval` check: the first at once, then every interval. */
  start(): void {
    const { interval, name } = this.definition;
    if (interval === undefined || this.timer || this.stopped) return;
    void this.execute(this.backgroundProbe());
    this.timer = setInterval(() => {
      if (!this.slots.get(name)) void this.execute(this.backgroundProbe());
    }, interval);
    this.timer.unref();
  }

  /** Stops background runs and aborts a run in flight (application shutdown or unregister). */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.hungTimer);
    this.timer = this.hungTimer = undefined;
    const slot = this.slots.get(this.definition.name);
    if (slot?.definition === this.definition) slot.abort(new Error(checkMessages.shuttingDown()));
  }

  /** Starts a run unless one is outstanding for this check's name, in which case callers share it. */
  execute(probe: ProbeOrDeep): CheckOutcome | Promise<CheckOutcome> {
    const inFlight = this.slots.get(this.definition.name);
    if (inFlight) return this.join(inFlight, probe);
    const started = startRun(this.definition, probe);
    if (!('outcome' in started)) return this.finish(started, probe);
    this.slots.hold(this.definition.name, started);
    return (started.reported = started.outcome.then((outcome) => {
      if (started.timedOut && this.definition.interval === undefined) this.countWhileHung(started);
      return this.finish(outcome, probe);
    }));
  }

  private join(slot: RunSlot, probe: ProbeOrDeep): CheckOutcome | Promise<CheckOutcome> {
    // a hung run of ours already reported its timeouts: joiners see the latest of them, not the first
    if (slot.timedOut && slot.definition === this.definition && this.latest !== undefined) return this.latest;
    if (slot.definition !== this.definition) return slot.outcome.then((outcome) => this.finish(withoutDetails(outcome), probe));
    const shared = slot.reported ?? slot.outcome;
    return slot.probe === 'deep' && probe !== 'deep' ? shared.then(withoutDetails) : shared;
  }

  /**
   * A run that timed out keeps its slot until it settles, so no second call piles onto the hung dependency.
   * Meanwhile each further `timeout` counts as another failed run, so `failAfter` is reached on time.
   */
  private countWhileHung(slot: RunSlot): void {
    if (this.hungTimer || this.stopped || this.tolerance.failures >= this.definition.failAfter) return;
    const { timeout } = this.definition;
    this.hungTimer = setInterval(() => {
      if (this.slots.get(this.definition.name) !== slot || this.stopped) return this.stopCountingWhileHung();
      const failure = failedOutcome(checkMessages.timedOut(timeout), 'timeout', latencySince(slot.startedAt), Date.now());
      this.finish(failure, slot.probe === 'deep' ? this.backgroundProbe() : slot.probe);
      if (this.tolerance.failures >= this.definition.failAfter) this.stopCountingWhileHung();
    }, timeout);
    this.hungTimer.unref();
    void slot.released.then(() => this.stopCountingWhileHung());
  }

  private stopCountingWhileHung(): void {
    clearInterval(this.hungTimer);
    this.hungTimer = undefined;
  }

  private finish(outcome: CheckOutcome, probe: ProbeOrDeep): CheckOutcome {
    const reported = this.tolerance.apply(outcome, probe);
    // a deep run may carry heavy, operator-only details: it never feeds what public probes reuse
    if (probe !== 'deep') this.latest = reported;
    // a run aborted by shutdown or unregister is not news: no transition, no log line
    if (!this.stopped) this.listener(this.definition, reported, probe);
    return reported;
  }

  private backgroundOutcome(interval: number): CheckOutcome {
    const latest = this.latest;
    if (latest === undefined) {
      return (this.noResultYet ??= failedOutcome(checkMessages.noResultYet(), 'internal', 0, Date.now()));
    }
    const age = Date.now() - latest.finishedAt;
    if (age > STALE_INTERVALS * interval + this.definition.timeout) {
      return failedOutcome(checkMessages.stale(age), 'internal', 0, latest.finishedAt);
    }
    return latest;
  }

  private backgroundProbe(): ProbeOrDeep {
    return this.definition.probes[0] ?? 'ready';
  }
}
