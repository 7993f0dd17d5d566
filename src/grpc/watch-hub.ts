import type { Subscription } from 'rxjs';
import type { GrpcHealthSource } from './grpc-health-source.js';
import { grpcMessages } from './grpc-health.messages.js';
import { MAX_SERVICE_NAME_BYTES, MAX_UNKNOWN_WATCH_STREAMS } from './grpc-health.limits.js';
import type { ServiceEntry } from './health-service-names.js';
import { GrpcCode, ServingStatus, servingStatusOf } from './serving-status.js';
import { WatchStream, type WatchCall } from './watch-stream.js';

/** The watchers of one service name and the status they were last told. */
interface WatchGroup {
  readonly entry: ServiceEntry;
  readonly streams: Set<WatchStream>;
  status?: ServingStatus;
  /** order of the evaluation `status` came from: an older one finishing late never overwrites it */
  order: number;
}

/**
 * Every Watch stream of one gRPC server, grouped by service name, behind ONE subscription to the transition
 * stream. A check transition re-reads each watched name from the results at hand (never running a check, so
 * a flapping check cannot feed itself); a readiness-level one (start-up, manual marks, SIGTERM) re-evaluates
 * every name but liveness. Each Check call's answer is fed back too, so Watch never lags what Check says.
 */
export class WatchHub {
  private readonly groups = new Map<string, WatchGroup>();
  private readonly unknown = new Set<WatchStream>();
  private subscription?: Subscription;
  private streams = 0;
  private order = 0;
  private closed = false;
  private rereadScheduled = false;
  private readonly gone = (stream: WatchStream) => this.remove(stream);

  constructor(
    private readonly entries: ReadonlyMap<string, ServiceEntry>,
    source: GrpcHealthSource,
    private readonly maxStreams: number,
    private readonly onEvaluationError: (service: string, error: unknown) => void,
  ) {
    this.subscription = source.changes.subscribe({
      next: ({ check }) => (check === '*' ? this.reevaluate() : this.scheduleReread()),
      complete: () => this.endAll(),
    });
  }

  watch(call: WatchCall): void {
    const { service } = call.request;
    if (service === null) return void call.emit('error', { code: GrpcCode.INVALID_ARGUMENT, details: grpcMessages.nameTooLong(MAX_SERVICE_NAME_BYTES) });
    const entry = this.entries.get(service);
    if (this.streams >= this.maxStreams) {
      return void call.emit('error', { code: GrpcCode.RESOURCE_EXHAUSTED, details: grpcMessages.tooManyWatchers(this.maxStreams) });
    }
    if (entry === undefined && this.unknown.size >= MAX_UNKNOWN_WATCH_STREAMS) {
      return void call.emit('error', { code: GrpcCode.RESOURCE_EXHAUSTED, details: grpcMessages.tooManyUnknownWatchers(MAX_UNKNOWN_WATCH_STREAMS) });
    }
    const stream = new WatchStream(call, service, this.gone);
    if (entry === undefined) {
      // the names are fixed at boot: SERVICE_UNKNOWN is the whole answer, but the stream stays open as the spec says
      stream.send(ServingStatus.SERVICE_UNKNOWN);
      if (this.closed) stream.end();
      else this.add(stream, this.unknown);
      return;
    }
    if (this.closed) {
      // shutting down: the status once, then let the client go
      const finish = (status: ServingStatus) => {
        stream.send(status);
        stream.end();
      };
      if (entry.followsReadiness) finish(ServingStatus.NOT_SERVING);
      else this.evaluate(service, entry, finish);
      return;
    }
    let group = this.groups.get(service);
    if (group === undefined) {
      group = { entry, streams: new Set(), order: 0 };
      this.groups.set(service, group);
    }
    this.add(stream, group.streams);
    // a name already watched has a current status: send it at once, then let a fresh evaluation correct it
    if (group.status !== undefined) stream.send(group.status);
    this.evaluate(service, entry, () => {
      const status = this.groups.get(service)?.status;
      if (status !== undefined) stream.send(status);
    });
  }

  /** Runs the name's evaluation (as Check does) and passes the answer on to its watchers; `then` runs after. */
  evaluate(service: string, entry: ServiceEntry, then?: (status: ServingStatus) => void): void {
    const order = ++this.order;
    const settle = (serving: boolean) => {
      const status = servingStatusOf(serving);
      this.observe(service, status, order);
      then?.(status);
    };
    let answer: boolean | Promise<boolean>;
    try {
      answer = entry.evaluate();
    } catch (error) {
      this.onEvaluationError(service, error);
      return settle(false);
    }
    if (typeof answer === 'boolean') return settle(answer);
    answer.then(settle, (error: unknown) => {
      this.onEvaluationError(service, error);
      settle(false);
    });
  }

  /**
   * Ends every stream and keeps no new one open: the server is shutting down. Every name but liveness is told
   * NOT_SERVING first, whether or not a SIGTERM got here before, so each client's last message is the truth.
   */
  endAll(): void {
    if (this.closed) return;
    this.closed = true;
    this.subscription?.unsubscribe();
    for (const [service, group] of this.groups) {
      if (group.entry.followsReadiness) this.observe(service, ServingStatus.NOT_SERVING, ++this.order);
    }
    for (const group of this.groups.values()) for (const stream of [...group.streams]) stream.end();
    for (const stream of [...this.unknown]) stream.end();
  }

  private observe(service: string, status: ServingStatus, order: number): void {
    const group = this.groups.get(service);
    if (group === undefined || order < group.order) return;
    group.order = order;
    if (status === group.status) return;
    group.status = status;
    for (const stream of group.streams) stream.send(status);
  }

  /** A transition is emitted before every listener of its run has seen the outcome: read once they all have. */
  private scheduleReread(): void {
    if (this.rereadScheduled) return;
    this.rereadScheduled = true;
    queueMicrotask(() => {
      this.rereadScheduled = false;
      if (!this.closed) this.reread();
    });
  }

  /** A check changed state: re-read every watched name from the results at hand. */
  private reread(): void {
    for (const [service, group] of this.groups) {
      let serving: boolean | undefined;
      try {
        serving = group.entry.peek();
      } catch (error) {
        this.onEvaluationError(service, error);
        continue;
      }
      if (serving !== undefined) this.observe(service, servingStatusOf(serving), ++this.order);
    }
  }

  /** Readiness changed (start-up done, marked, SIGTERM): evaluate every watched name that follows it. */
  private reevaluate(): void {
    for (const [service, group] of this.groups) if (group.entry.followsReadiness) this.evaluate(service, group.entry);
  }

  private add(stream: WatchStream, into: Set<WatchStream>): void {
    into.add(stream);
    this.streams++;
  }

  private remove(stream: WatchStream): void {
    const group = this.groups.get(stream.service);
    const from = group?.streams.has(stream) ? group.streams : this.unknown.has(stream) ? this.unknown : undefined;
    if (from === undefined) return;
    from.delete(stream);
    this.streams--;
    if (group && group.streams.size === 0) this.groups.delete(stream.service);
  }
}
