import type { ProbeAttempt } from './http-probe.js';
import type { ResolvedProbe } from './probe-spec.js';

/** What a worker needs from the simulator that owns it. */
export interface ProbeWorkerHost {
  container(): number;
  /** one attempt of the probe's action (HTTP GET or gRPC Check) against the pod */
  send(probe: ResolvedProbe, signal: AbortSignal): Promise<ProbeAttempt>;
  /** the kubelet's gates: not on hold, past initialDelaySeconds, startup before the others */
  mayProbe(probe: ResolvedProbe): boolean;
  record(probe: ResolvedProbe, attempt: ProbeAttempt, container: number): void;
  /** a result that reached its threshold (failureThreshold / successThreshold consecutive attempts) */
  settle(probe: ResolvedProbe, success: boolean, reason: string | undefined): void;
}

/**
 * One probe of one container, as the kubelet's prober worker runs it: a probe at container start, then one
 * per period on a ticker anchored at the container's start; ticks missed by a slow probe are dropped.
 */
export class ProbeWorker {
  private origin = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;
  private runNext = false;
  private stopped = true;
  private lastSuccess: boolean | undefined;
  private resultRun = 0;

  constructor(
    readonly probe: ResolvedProbe,
    private readonly host: ProbeWorkerHost,
  ) {}

  /** Starts (or restarts, for a new container) with the container's start time as the ticker's anchor. */
  start(origin: number): void {
    this.stopped = false;
    this.origin = origin;
    this.lastSuccess = undefined;
    this.resultRun = 0;
    this.runNow();
  }

  /** Probes as soon as the current attempt (if any) is over, like the kubelet's manual trigger. */
  runNow(): void {
    if (this.stopped) return;
    if (this.running) {
      this.runNext = true;
      return;
    }
    clearTimeout(this.timer);
    this.launch();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.controller?.abort();
    await this.running;
  }

  private launch(): void {
    this.timer = undefined;
    this.running = this.tick().finally(() => {
      this.running = undefined;
      this.schedule();
    });
  }

  private async tick(): Promise<void> {
    const container = this.host.container();
    if (this.host.mayProbe(this.probe)) {
      this.controller = new AbortController();
      const attempt = await this.host.send(this.probe, this.controller.signal);
      this.controller = undefined;
      // a result for a container that has since been restarted is thrown away
      if (!this.stopped && container === this.host.container()) {
        this.host.record(this.probe, attempt, container);
        this.judge(attempt);
      }
    }
  }

  private judge(attempt: ProbeAttempt): void {
    if (this.lastSuccess === attempt.success) this.resultRun++;
    else {
      this.lastSuccess = attempt.success;
      this.resultRun = 1;
    }
    const threshold = attempt.success ? this.probe.successThreshold : this.probe.failureThreshold;
    if (this.resultRun < threshold) return;
    // a liveness or startup failure restarts the container; counting starts over for the next one
    if (!attempt.success && this.probe.kind !== 'readiness') this.resultRun = 0;
    this.host.settle(this.probe, attempt.success, attempt.reason);
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.runNext) {
      this.runNext = false;
      this.launch();
      return;
    }
    const now = performance.now();
    const { periodMs } = this.probe;
    const next = this.origin + (Math.floor((now - this.origin) / periodMs) + 1) * periodMs;
    this.timer = setTimeout(() => this.launch(), next - now);
    // a forgotten stop() must not keep the test process alive
    this.timer.unref();
  }
}
