import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { describeThrown } from '../checks/safe-json.js';
import { HEALTH_LOGGER_CONTEXT } from '../health.constants.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import type { ResolvedStaticOptions } from '../health-static-options.js';
import { RESOLVED_HEALTH_OPTIONS, RESOLVED_STATIC_OPTIONS } from '../health.tokens.js';
import { HealthAnswers } from '../http/health-answers.js';
import { joinPath } from '../http/probe-urls.js';
import { PROM_CLIENT_LOADER, type PromClientLoader } from '../metrics/prometheus-metrics.js';
import { CurrentReports } from './current-reports.js';
import { describeRoutes, frontConfig } from './front-config.js';
import { MainThreadBackend } from './main-thread-backend.js';
import { loadMetricsText } from './metrics-text.js';
import { closeFront, createProbeFront, listen } from './probe-front.js';
import type { FrontConfig } from './probe-routes.js';
import { resolvePort, type ResolvedServerOptions } from './probe-server-options.js';
import { serverMessages } from './probe-server.messages.js';
import { ListenFailed, ThreadHost } from './thread/thread-host.js';

interface Running {
  readonly port: number;
  close(): Promise<void>;
}

function bindError(error: unknown, port: number, host: string | undefined): Error {
  const code = error instanceof ListenFailed ? error.code : (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') return new Error(serverMessages.portInUse(port, host));
  return code === undefined ? (error as Error) : new Error(serverMessages.cannotListen(port, host, code));
}

/**
 * The module's own probe server (static option `server`): live, ready, startup — and deep, `/metrics` by DESIGN's
 * rules — on a port of its own, in every kind of Nest app. Listens from module init, so the kubelet gets
 * `503 starting` during boot rather than a refused connection; closes last, in `onApplicationShutdown`, so probes
 * answer truthfully through the whole shutdown. Never keeps the process alive.
 */
@Injectable()
export class ProbeServer implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HEALTH_LOGGER_CONTEXT);
  private running?: Running;
  private starting?: Promise<Running>;

  constructor(
    @Inject(RESOLVED_STATIC_OPTIONS) private readonly statics: ResolvedStaticOptions,
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
    private readonly answers: HealthAnswers,
    private readonly reports: CurrentReports,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(PROM_CLIENT_LOADER) private readonly loadPromClient: PromClientLoader,
  ) {}

  /** The port it listens on, once it does (useful with port 0). */
  get port(): number | undefined {
    return this.running?.port;
  }

  /**
   * Starts listening. The in-process server is up when this resolves; a worker thread takes tens of ms to boot,
   * so it boots alongside the other modules' init and is awaited at bootstrap, where a bind error fails the boot.
   */
  async onModuleInit(): Promise<void> {
    const server = this.statics.server;
    if (server === undefined) return;
    if (this.statics.deep.access === 'guarded' && !this.adapterHost?.httpAdapter) throw new Error(serverMessages.guardsWithoutHttp());
    const port = resolvePort(server);
    const front = frontConfig(this.statics, this.options, port);
    const metrics = server.metrics ? await loadMetricsText(this.options, this.loadPromClient) : undefined;
    const backend = new MainThreadBackend(this.answers, metrics, (error) => this.logger.error(serverMessages.metricsFailed(describeThrown(error))));
    this.starting = (server.thread ? this.startThread(server, front, backend) : this.startInProcess(front, backend)).then(
      (running) => {
        this.running = running;
        this.logger.log(serverMessages.listening(`http://${server.host ?? '*'}:${running.port}${server.thread ? ' (worker thread)' : ''}`, describeRoutes(front)));
        if (this.statics.deep.access === 'disabled' && this.options.token === undefined) {
          this.logger.warn(serverMessages.deepWithoutToken(joinPath(this.statics.path, this.statics.routes.deep)));
        }
        return running;
      },
      (error: unknown) => Promise.reject(bindError(error, port, server.host)),
    );
    // awaited at bootstrap; until then a failure must not count as unhandled
    this.starting.catch(() => undefined);
    if (!server.thread) await this.starting;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.starting;
  }

  async onApplicationShutdown(): Promise<void> {
    const running = this.running ?? (await this.starting?.catch(() => undefined));
    this.running = undefined;
    this.starting = undefined;
    await running?.close();
  }

  private async startInProcess(front: FrontConfig, backend: MainThreadBackend): Promise<Running> {
    const http = createProbeFront(front, backend, (error) => this.logger.error(serverMessages.answerFailed(describeThrown(error))));
    const port = await listen(http, front.port, front.host);
    // it reports on the app; it is not what keeps the app running
    http.unref();
    return { port, close: () => closeFront(http) };
  }

  private async startThread(server: ResolvedServerOptions, front: FrontConfig, backend: MainThreadBackend): Promise<Running> {
    const { tickMs, stallMs, readyStallMs, answerWithinMs } = server;
    const host = new ThreadHost({
      front,
      timing: { tickMs, stallMs, readyStallMs, answerWithinMs },
      version: this.options.version,
      historyRuns: this.options.history === false ? 0 : this.options.history.runs,
      backend,
      reports: this.reports,
      onError: (message) => this.logger.error(message),
    });
    const port = await host.start();
    return { port, close: () => host.close() };
  }
}
