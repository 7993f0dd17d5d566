/** The probes a check can serve; `deep` runs every check. */
export const PROBES = ['live', 'ready', 'startup'] as const;

/** The probe a check run answers; `deep` runs every check. */
export type Probe = (typeof PROBES)[number];
export type ProbeOrDeep = Probe | 'deep';

export interface HealthCheckContext {
  readonly probe: ProbeOrDeep;
  /** Aborted when the run times out or the application shuts down. */
  readonly signal: AbortSignal;
}

/** What a check may return: nothing, a boolean, or details (with optional `healthy`/`degraded`/`message`). */
export type HealthCheckReturn = void | undefined | boolean | HealthCheckDetails;
export type HealthCheckDetails = { healthy?: boolean; degraded?: boolean; message?: string; error?: string } & Record<
  string,
  unknown
>;
export type HealthCheckFunction = (ctx: HealthCheckContext) => HealthCheckReturn | Promise<HealthCheckReturn>;

export interface HealthCheckOptions {
  /** Key in `checks`; unique app-wide. Defaults to the method name. */
  name?: string;
  /** A failure makes readiness 503; a non-critical failure only marks the check degraded. */
  critical?: boolean;
  /** ms a finished result (pass or fail) is reused. */
  ttl?: number;
  /** ms before a run is abandoned and reported as timed out. */
  timeout?: number;
  /** ms between background runs; probes then read the latest result without waiting. */
  interval?: number;
  /** Consecutive failed runs before the check reports failed. */
  failAfter?: number;
  /** Probes the check belongs to; `[]` makes it deep-only. */
  probes?: readonly Probe[];
}

export type CheckState = 'healthy' | 'degraded' | 'failed';

/** Where a failure reason came from: the author's own words stay public, thrown ones are withheld. */
export type ReasonSource = 'returned' | 'thrown' | 'timeout' | 'internal';

export interface CheckOutcome {
  readonly state: CheckState;
  readonly reason?: string;
  readonly reasonSource?: ReasonSource;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly latencyMs: number;
  /** epoch ms when the run finished */
  readonly finishedAt: number;
  /** `"k/N"` while failures are tolerated by `failAfter` */
  readonly failing?: string;
}
