import type { CheckState, ProbeOrDeep } from '../checks/check.types.js';
import type { CheckHistory } from '../history/check-history.js';
import type { SystemSnapshot } from '../system/system-sampler.js';

export type ProbeStatus = 'alive' | 'not_alive' | 'started' | 'starting' | 'ready' | 'not_ready' | 'shutting_down';

/** One check as a probe saw it: typed, transport-free; every wire format is written from it. */
export interface CheckResult {
  readonly name: string;
  /** the check's own state after `failAfter` */
  readonly state: CheckState;
  readonly critical: boolean;
  /** only a failed critical check fails its probe; a failed non-critical one is shown as degraded */
  readonly passes: boolean;
  readonly latencyMs: number;
  /** epoch ms when the run that produced this result finished */
  readonly finishedAt: number;
  readonly reason?: string;
  /** whether `reason` may be shown where this report is answered: not a thrown or timed-out one on a public route */
  readonly reasonShown: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
  /** `"k/N"` while `failAfter` tolerates consecutive failures */
  readonly failing?: string;
  /** deep only: whether the result was produced before the request (a background or shared run) */
  readonly cached?: boolean;
  /** deep only, when asked for (`?history`, the HTML view) and kept (`history` option): its last runs and transitions */
  readonly history?: CheckHistory;
}

/** What a probe found: its status, whether it passed (200) or not (503), and the checks it ran, in registration order. */
export interface ProbeReport {
  readonly probe: ProbeOrDeep;
  readonly status: ProbeStatus;
  readonly ok: boolean;
  readonly checks?: readonly CheckResult[];
  readonly system?: SystemSnapshot;
}
