import type { ProbeOrDeep } from '../checks/check.types.js';
import type { CheckEntry } from './check-entry.js';
import type { SystemSnapshot } from './system-sampler.js';

export type ProbeStatus = 'alive' | 'not_alive' | 'started' | 'starting' | 'ready' | 'not_ready' | 'shutting_down';

/** What a probe found: its status, whether it passed (200) or not (503), and the checks it ran. */
export interface ProbeReport {
  readonly probe: ProbeOrDeep;
  readonly status: ProbeStatus;
  readonly ok: boolean;
  readonly checks?: Readonly<Record<string, CheckEntry>>;
  /** names of checks whose run failed, critical or not (a non-critical one shows as degraded in `checks`) */
  readonly failed?: readonly string[];
  readonly system?: SystemSnapshot;
}
