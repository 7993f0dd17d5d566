import type { CheckOutcome, CheckState } from '../checks/check.types.js';
import type { HealthTransition } from '../health-events.js';

/** One finished run of a check, as the operator view shows it. */
export interface CheckRun {
  /** epoch ms when the run finished */
  readonly at: number;
  readonly state: CheckState;
  readonly latencyMs: number;
}

/** What a check remembers, oldest first: its last runs and its last transitions (with their full reasons). */
export interface CheckHistory {
  readonly runs: readonly CheckRun[];
  readonly transitions: readonly HealthTransition[];
}

const STATES: readonly CheckState[] = ['healthy', 'degraded', 'failed'];
const STATE_CODE: Readonly<Record<CheckState, number>> = { healthy: 0, degraded: 1, failed: 2 };

/**
 * The bounded history of one check: runs in preallocated typed arrays over one buffer (a run allocates nothing), transitions as
 * references to the objects the transition stream already emitted. Both overwrite their oldest entry when full.
 */
export class CheckHistoryRing {
  private readonly runAt: Float64Array;
  private readonly runLatency: Float64Array;
  private readonly runState: Uint8Array;
  private runsSeen = 0;
  private readonly transitions: (HealthTransition | undefined)[];
  private transitionsSeen = 0;

  constructor(
    private readonly runCapacity: number,
    private readonly transitionCapacity: number,
  ) {
    // one buffer for the three columns: one allocation per check, not three
    const buffer = new ArrayBuffer(runCapacity * 17);
    this.runAt = new Float64Array(buffer, 0, runCapacity);
    this.runLatency = new Float64Array(buffer, runCapacity * 8, runCapacity);
    this.runState = new Uint8Array(buffer, runCapacity * 16, runCapacity);
    this.transitions = new Array<HealthTransition | undefined>(transitionCapacity).fill(undefined);
  }

  recordRun(outcome: CheckOutcome): void {
    if (this.runCapacity === 0) return;
    const slot = this.runsSeen++ % this.runCapacity;
    this.runAt[slot] = outcome.finishedAt;
    this.runLatency[slot] = outcome.latencyMs;
    this.runState[slot] = STATE_CODE[outcome.state];
  }

  recordTransition(transition: HealthTransition): void {
    if (this.transitionCapacity === 0) return;
    this.transitions[this.transitionsSeen++ % this.transitionCapacity] = transition;
  }

  /** How many runs and transitions are held now (never more than the capacities). */
  get retained(): { readonly runs: number; readonly transitions: number } {
    return { runs: Math.min(this.runsSeen, this.runCapacity), transitions: Math.min(this.transitionsSeen, this.transitionCapacity) };
  }

  /** A copy, oldest first: read only when an operator asks for it. */
  snapshot(): CheckHistory {
    const { runs: runCount, transitions: transitionCount } = this.retained;
    const runs: CheckRun[] = new Array<CheckRun>(runCount);
    const firstRun = this.runsSeen - runCount;
    for (let i = 0; i < runCount; i++) {
      const slot = (firstRun + i) % this.runCapacity;
      runs[i] = { at: this.runAt[slot], state: STATES[this.runState[slot]], latencyMs: this.runLatency[slot] };
    }
    const transitions: HealthTransition[] = new Array<HealthTransition>(transitionCount);
    const firstTransition = this.transitionsSeen - transitionCount;
    for (let i = 0; i < transitionCount; i++) transitions[i] = this.transitions[(firstTransition + i) % this.transitionCapacity]!;
    return { runs, transitions };
  }
}
