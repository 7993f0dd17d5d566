import type { CheckOutcome, ProbeOrDeep } from './check.types.js';

/** What a public probe may see of a deep run: its state and reason, not the deep-only details. */
export const withoutDetails = (outcome: CheckOutcome): CheckOutcome =>
  outcome.details === undefined ? outcome : { ...outcome, details: undefined };

/**
 * `failAfter`: until N consecutive runs failed, a check reports its last good state marked `failing: "k/N"`.
 * The last good state only ever comes from public runs, so what a deep run added never reaches a public probe.
 */
export class FailAfter {
  private lastGood?: CheckOutcome;
  private consecutive = 0;

  constructor(private readonly failAfter: number) {}

  get failures(): number {
    return this.consecutive;
  }

  apply(outcome: CheckOutcome, probe: ProbeOrDeep): CheckOutcome {
    if (outcome.state !== 'failed') {
      this.consecutive = 0;
      if (probe !== 'deep') this.lastGood = outcome;
      else this.lastGood ??= withoutDetails(outcome);
      return outcome;
    }
    this.consecutive += 1;
    const lastGood = this.lastGood;
    if (this.consecutive >= this.failAfter || lastGood === undefined) return outcome;
    return { ...lastGood, failing: `${this.consecutive}/${this.failAfter}`, latencyMs: outcome.latencyMs, finishedAt: outcome.finishedAt };
  }
}
