import { simulatorMessages } from './simulator.messages.js';
import { readContainerProbes, type Manifest } from './manifest-probes.js';
import { PodTarget, probeWarnings, type PodTargetOptions } from './pod-target.js';
import { ProbeEventLog, type WaitForOptions } from './probe-event-log.js';
import type { ProbeEvent, ProbeEventListener, ProbeEventType, ProbeRecord } from './probe-events.js';
import { PROBE_FIELDS, resolveProbe, type ContainerProbes, type ProbeKind, type ResolvedProbe } from './probe-spec.js';
import { ProbeWorker, type ProbeWorkerHost } from './probe-worker.js';

export interface ProbeSimulatorOptions extends PodTargetOptions {
  /**
   * where the pod answers HTTP, e.g. `http://127.0.0.1:3000`; it replaces the pod IP, `httpGet.port` and `host`.
   * Needed for httpGet probes; for grpc probes its host stands for the pod IP unless `grpcAddress` is given.
   */
  baseUrl?: string;
  /** where the pod's gRPC port answers, e.g. `127.0.0.1:50051`: replaces the pod IP and `grpc.port` */
  grpcAddress?: string;
  /** the container's probes, in Kubernetes' field names */
  probes: ContainerProbes;
  /** multiplies every probe timing: 0.1 turns a 10 s period into 1 s. Default 1 */
  timeScale?: number;
  /**
   * Called when a liveness or startup probe reaches its failureThreshold, before probing the "new container"
   * (e.g. restart the process behind `baseUrl`). Without it the same process stands in for the new container.
   */
  onRestart?: (event: ProbeEvent) => void | Promise<void>;
}

export interface FromManifestOptions extends Omit<ProbeSimulatorOptions, 'probes'> {
  /** container name; default: the first container that declares a probe */
  container?: string;
}

const KINDS: readonly ProbeKind[] = ['startup', 'liveness', 'readiness'];

/**
 * Probes a running service the way the kubelet would, with the container's own probe specs, and records
 * what Kubernetes would do about it: `started`, `ready` / `unready` transitions and `restart`s.
 */
export class ProbeSimulator {
  /** what a reviewer of the manifest would point out, e.g. a liveness grpc probe without `service` */
  readonly warnings: readonly string[];
  private readonly target: PodTarget;
  private readonly workers: ProbeWorker[];
  private readonly log = new ProbeEventLog();
  private readonly host: ProbeWorkerHost;
  private generation = 0;
  private containerStart = 0;
  private startedAt = 0;
  private isStarted = false;
  private isReady = false;
  private onHold = false;
  private running = false;
  private restarting: Promise<void> | undefined;
  private restartError: unknown;

  /** Reads the probes from a workload manifest (object or YAML text; YAML needs the `yaml` package). */
  static async fromManifest(manifest: Manifest, options: FromManifestOptions): Promise<ProbeSimulator> {
    const { container, ...rest } = options;
    return new ProbeSimulator({ ...rest, probes: await readContainerProbes(manifest, container) });
  }

  constructor(private readonly options: ProbeSimulatorOptions) {
    const timeScale = options.timeScale ?? 1;
    if (typeof timeScale !== 'number' || !Number.isFinite(timeScale) || timeScale <= 0) {
      throw new Error(simulatorMessages.simulatorTimeScale(timeScale));
    }
    const resolved = KINDS.flatMap((kind) => {
      const spec = options.probes[PROBE_FIELDS[kind]];
      return spec ? [resolveProbe(kind, spec, timeScale)] : [];
    });
    this.target = new PodTarget(options, resolved);
    this.host = {
      container: () => this.generation,
      send: (probe, signal) => this.target.send(probe, signal),
      mayProbe: (probe) => this.mayProbe(probe),
      record: (probe, attempt, container) => this.log.addAttempt({ probe: probe.kind, at: Date.now(), container, ...attempt }),
      settle: (probe, success, reason) => this.settle(probe, success, reason),
    };
    this.workers = resolved.map((probe) => new ProbeWorker(probe, this.host));
    this.warnings = probeWarnings(resolved);
    for (const warning of this.warnings) process.emitWarning(warning, 'ProbeSimulatorWarning');
  }

  /** The probes with defaults applied and timings scaled, in ms. */
  get probes(): readonly ResolvedProbe[] {
    return this.workers.map((worker) => worker.probe);
  }

  get events(): readonly ProbeEvent[] {
    return this.log.events;
  }

  /** Every probe request so far (the latest 10 000). */
  get attempts(): readonly ProbeRecord[] {
    return this.log.attempts;
  }

  get restarts(): number {
    return this.log.count('restart');
  }

  /** Whether the kubelet would list the pod in Service endpoints now. */
  get ready(): boolean {
    return this.isReady;
  }

  get started(): boolean {
    return this.isStarted;
  }

  /** Starts probing, as if the container had just started. */
  start(): this {
    if (this.running) return this;
    this.running = true;
    this.startedAt = performance.now();
    this.beginContainer();
    return this;
  }

  /**
   * Stops every probe, aborts requests in flight and waits for them; no timer or socket is left behind.
   * Rejects pending `waitFor`s, and rethrows an error thrown by `onRestart`.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.log.failWaits();
    await Promise.all(this.workers.map((worker) => worker.stop()));
    await this.restarting;
    if (this.restartError !== undefined) throw this.restartError;
  }

  /** Calls `listener` for every event from now on; returns the unsubscribe function. */
  on(listener: ProbeEventListener): () => void {
    return this.log.on(listener);
  }

  /** Resolves with the first event of `type` (see `after`), or rejects after `timeoutMs` or on `stop()`. */
  waitFor(type: ProbeEventType, options: WaitForOptions = {}): Promise<ProbeEvent> {
    return this.log.waitFor(type, options, this.running);
  }

  private beginContainer(): void {
    this.containerStart = performance.now();
    this.onHold = false;
    // without a startup probe a container counts as started at once
    this.isStarted = !this.options.probes.startupProbe;
    for (const worker of this.workers) worker.start(this.containerStart);
  }

  private mayProbe(probe: ResolvedProbe): boolean {
    if (!this.running || this.onHold) return false;
    if (performance.now() - this.containerStart < probe.initialDelayMs) return false;
    return probe.kind === 'startup' ? !this.isStarted : this.isStarted;
  }


  private settle(probe: ResolvedProbe, success: boolean, reason: string | undefined): void {
    if (probe.kind === 'readiness') {
      if (success !== this.isReady) {
        this.isReady = success;
        this.emit(success ? 'ready' : 'unready', probe.kind, success ? undefined : reason);
      }
      return;
    }
    if (!success) {
      this.restart(probe.kind, reason);
      return;
    }
    if (probe.kind === 'startup' && !this.isStarted) {
      this.isStarted = true;
      this.emit('started', probe.kind);
      // a started container gets its readiness probed right away, as the kubelet's status sync does
      this.workers.find((worker) => worker.probe.kind === 'readiness')?.runNow();
    }
  }

  private restart(kind: ProbeKind, reason: string | undefined): void {
    this.onHold = true;
    const event = this.emit('restart', kind, reason);
    if (this.isReady) {
      this.isReady = false;
      this.emit('unready', kind, reason);
    }
    // results still in flight belong to the old container and are thrown away
    this.generation++;
    this.restarting = (async () => {
      try {
        await this.options.onRestart?.(event);
      } catch (error) {
        this.restartError ??= error;
      } finally {
        this.restarting = undefined;
        if (this.running) this.beginContainer();
      }
    })();
  }

  private emit(type: ProbeEventType, probe: ProbeKind, reason?: string): ProbeEvent {
    const event: ProbeEvent = {
      type,
      probe,
      at: Date.now(),
      elapsedMs: performance.now() - this.startedAt,
      container: this.generation,
      ...(reason === undefined ? {} : { reason }),
    };
    this.log.add(event);
    return event;
  }
}
