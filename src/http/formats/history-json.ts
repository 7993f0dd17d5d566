import type { HealthTransition } from '../../health-events.js';
import type { CheckHistory } from '../../history/check-history.js';

export interface HistoryJson {
  readonly runs: { readonly at: string; readonly state: string; readonly latency_ms: number }[];
  readonly transitions: Omit<HealthTransition, 'check'>[];
}

/** A check's history as JSON bodies carry it (`?history`): runs `{ at, state, latency_ms }` and transitions `{ at, from, to, reason? }`, oldest first. */
export function historyJson(history: CheckHistory): HistoryJson {
  return {
    runs: history.runs.map((run) => ({ at: new Date(run.at).toISOString(), state: run.state, latency_ms: run.latencyMs })),
    transitions: history.transitions.map(({ at, from, to, reason }) => (reason === undefined ? { at, from, to } : { at, from, to, reason })),
  };
}
