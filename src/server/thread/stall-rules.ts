import type { Probe } from '../../checks/check.types.js';
import type { CheckResult, ProbeReport, ProbeStatus } from '../../probes/probe-report.js';
import type { ThreadTiming } from './worker-protocol.js';

/** The entry a stalled main thread adds to a probe's checks: our own words, so shown on public routes. */
export const STALL_CHECK = 'main_thread';

export const stallReason = (ageMs: number) => `event loop stalled for ${Math.round(ageMs)} ms`;
export const noAnswerReason = (waitedMs: number) => `the main thread did not answer within ${Math.round(waitedMs)} ms`;

function stallResult(reason: string): CheckResult {
  return { name: STALL_CHECK, state: 'failed', critical: true, passes: false, latencyMs: 0, finishedAt: Date.now(), reason, reasonShown: true };
}

function failedWith(report: ProbeReport, status: ProbeStatus, reason: string): ProbeReport {
  return { probe: report.probe, status, ok: false, checks: [...(report.checks ?? []), stallResult(reason)] };
}

/** Whether the heartbeat is fresh (DESIGN): younger than two ticks. An older one means the main loop is stalled. */
export const isFresh = (ageMs: number, timing: ThreadTiming) => ageMs < 2 * timing.tickMs;

/**
 * Whether a probe waits for the main thread: only while its next beat is at most half a tick late. A loop that has
 * missed a beat is blocked, and waiting the rest of the two ticks only delays the probe (docs/decisions.md).
 */
export const isOnSchedule = (ageMs: number, timing: ThreadTiming) => ageMs < 1.5 * timing.tickMs;

/**
 * What the worker answers for a probe the main thread did not answer: the published report, except that liveness
 * fails once the heartbeat is older than `stallMs`, and readiness while it is older than `readyStallMs`.
 */
export function fallbackReport(probe: Probe, published: ProbeReport, ageMs: number, timing: ThreadTiming): ProbeReport {
  if (probe === 'live' && ageMs >= timing.stallMs) return failedWith(published, 'not_alive', stallReason(ageMs));
  if (probe === 'ready' && timing.readyStallMs !== false && ageMs >= timing.readyStallMs) {
    // starting and shutting_down say more than not_ready and stay
    return failedWith(published, published.ok ? 'not_ready' : published.status, stallReason(ageMs));
  }
  return published;
}

/** Deep when the main thread did not answer in time: 503 with the stall, or with the wait when the loop ticks. */
export function unansweredDeep(ageMs: number, waitedMs: number, timing: ThreadTiming): ProbeReport {
  const reason = isFresh(ageMs, timing) ? noAnswerReason(waitedMs) : stallReason(ageMs);
  return { probe: 'deep', status: 'not_ready', ok: false, checks: [stallResult(reason)] };
}
