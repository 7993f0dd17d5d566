import type { ProbeKind } from './probe-spec.js';

/**
 * What the kubelet would do: `started` (startup probe passed), `ready` / `unready` (the pod enters or leaves
 * Service endpoints), `restart` (a liveness or startup probe reached its failureThreshold).
 */
export type ProbeEventType = 'started' | 'ready' | 'unready' | 'restart';

export interface ProbeEvent {
  readonly type: ProbeEventType;
  /** the probe whose result caused the event */
  readonly probe: ProbeKind;
  /** wall clock, ms since the epoch */
  readonly at: number;
  /** ms since `start()` (real, unscaled) */
  readonly elapsedMs: number;
  /** 0 for the first container, one more after each restart */
  readonly container: number;
  /** the last failed attempt's reason, for `unready` and `restart` */
  readonly reason?: string;
}

/** One probe request and how the kubelet judged it. */
export interface ProbeRecord {
  readonly probe: ProbeKind;
  readonly at: number;
  readonly container: number;
  readonly success: boolean;
  readonly status?: number;
  readonly reason?: string;
  readonly durationMs: number;
}

export type ProbeEventListener = (event: ProbeEvent) => void;
