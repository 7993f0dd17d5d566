import { indicatorMessages } from './indicator.messages.js';
import { round1 } from '../round.js';
import { optionalThreshold, refuseUnknownKeys } from './indicator-options.js';
import { statusMeanings, type TransportStatusMeaning } from './transport-status-meanings.js';

export interface TransportStatusObserver {
  next(status: string): void;
  error(error: unknown): void;
  complete(): void;
}

/**
 * A Nest microservice server (`Server`), client (`ClientProxy`) or app (`INestMicroservice`): anything
 * whose `status` is an observable of status words. The gRPC transport has none and is refused.
 */
export interface TransportStatusSource {
  readonly status: { subscribe(observer: TransportStatusObserver): { unsubscribe(): void } };
}

export interface TransportStatusOptions {
  /** ms a `transient` status (reconnecting, rebalancing, blocked) is degraded before it counts as failed; 30 000 */
  graceMs?: number;
  /** meanings of status words, added to or replacing the built-in table (a custom transport's words) */
  statuses?: Readonly<Record<string, TransportStatusMeaning>>;
}

export type TransportStatusDetails = {
  /** the latest status word, or null before the first */
  status: string | null;
  /** ms the transport has been in this kind of state (a run of transient words counts as one) */
  for_ms?: number;
  healthy?: false;
  degraded?: true;
  message?: string;};

/** One subscription to a transport's status, read by a check as often as it likes. */
export interface TransportStatusWatch {
  /** The verdict from the latest status; synchronous, sends nothing over the transport. */
  check(): TransportStatusDetails;
  /** Unsubscribes (from `onModuleDestroy`); later checks fail with a sentence saying so. */
  close(): void;
}

const OPTIONS = ['graceMs', 'statuses'];
const DEFAULT_GRACE_MS = 30_000;

class StatusWatch implements TransportStatusWatch {
  private status: string | null = null;
  private meaning: TransportStatusMeaning | undefined;
  private since = performance.now();
  private ended: string | undefined;
  private subscription: { unsubscribe(): void } | undefined;

  constructor(
    status: TransportStatusSource['status'],
    private readonly meanings: ReadonlyMap<string, TransportStatusMeaning>,
    private readonly graceMs: number,
  ) {
    this.subscription = status.subscribe({
      next: (word) => this.record(String(word)),
      error: () => (this.ended = indicatorMessages.statusStreamErrored()),
      complete: () => (this.ended = indicatorMessages.statusStreamCompleted()),
    });
  }

  check(): TransportStatusDetails {
    if (this.subscription === undefined) return { status: this.status, healthy: false, message: indicatorMessages.watchClosed() };
    if (this.ended !== undefined) return { status: this.status, healthy: false, message: this.ended };
    const status = this.status;
    if (status === null) return { status, healthy: false, message: indicatorMessages.noStatusYet() };
    const elapsed = performance.now() - this.since;
    const details: TransportStatusDetails = { status, for_ms: round1(elapsed) };
    switch (this.meaning) {
      case 'healthy':
        return details;
      case 'transient':
        if (elapsed < this.graceMs) return { ...details, degraded: true, message: indicatorMessages.transportTransient(status, elapsed, this.graceMs) };
        return { ...details, healthy: false, message: indicatorMessages.transportTransientTooLong(status, elapsed, this.graceMs) };
      case 'failed':
        return { ...details, healthy: false, message: indicatorMessages.transportFailed(status) };
      default:
        return { ...details, healthy: false, message: indicatorMessages.transportUnknownStatus(status) };
    }
  }

  close(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  private record(word: string): void {
    const meaning = this.meanings.get(word);
    // reconnecting -> rebalancing is one outage: the grace runs from its start
    if (meaning !== this.meaning || meaning === undefined) this.since = performance.now();
    this.status = word;
    this.meaning = meaning;
  }
}

/**
 * Subscribes once to a Nest microservice server's, client's or app's `status` stream and maps its words:
 * connected → healthy; disconnected, crashed, stopped, closed → failed; reconnecting, rebalancing, blocked →
 * degraded for `graceMs`, then failed; nothing yet → failed "no status yet". Refuses the gRPC transport.
 */
export function watchTransportStatus(source: TransportStatusSource, options: TransportStatusOptions = {}): TransportStatusWatch {
  refuseUnknownKeys('watchTransportStatus', options, OPTIONS);
  const graceMs = optionalThreshold('watchTransportStatus', 'graceMs', options.graceMs) ?? DEFAULT_GRACE_MS;
  const meanings = statusMeanings(options.statuses);
  if (source === null || typeof source !== 'object') throw new Error(indicatorMessages.notAStatusSource(source));
  let status: unknown;
  try {
    status = source.status;
  } catch (error) {
    // Nest's gRPC server and client throw from the getter: that transport keeps no status
    const grpc = /grpc/i.test(String((error as { message?: unknown } | null)?.message));
    throw new Error(grpc ? indicatorMessages.grpcHasNoStatus() : indicatorMessages.notAStatusSource(source), { cause: error });
  }
  if (typeof (status as { subscribe?: unknown } | undefined)?.subscribe !== 'function') throw new Error(indicatorMessages.notAStatusSource(source));
  return new StatusWatch(status as TransportStatusSource['status'], meanings, graceMs);
}
