import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { spawnThrowaway, stopGracefully, type ThrowawayProcess } from './throwaway-process.js';
import { freePort } from './throwaway-port.js';
import { trackDir } from './throwaway-registry.js';

const READY_TIMEOUT_MS = 20_000;

export interface PrometheusTarget {
  /** host:port serving /metrics */
  readonly address: string;
  /** labels every series of the target gets, as a PodMonitor's relabelling gives `namespace` and `pod` */
  readonly labels: Record<string, string>;
}

export interface PrometheusSettings {
  readonly job: string;
  readonly targets: readonly PrometheusTarget[];
  /** rule groups (a rule file's content, e.g. a PrometheusRule's spec) */
  readonly rules: unknown;
  readonly scrapeIntervalS: number;
  readonly evaluationIntervalS: number;
}

/** A Prometheus server of the test's own: loopback, a free port, a temporary TSDB, gone when destroyed. */
export interface ThrowawayPrometheus {
  readonly url: string;
  readonly process: ThrowawayProcess;
  /** GET /api/v1/<path>: the `data` of a successful answer; rejects with Prometheus' error otherwise */
  api<T>(path: string, params?: Record<string, string>): Promise<T>;
  destroy(): Promise<void>;
}

interface ApiAnswer<T> {
  readonly status: 'success' | 'error';
  readonly data: T;
  readonly error?: string;
}

async function waitUntilReady(url: string, server: ThrowawayProcess): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (server.hasExited) throw new Error(`prometheus exited while starting:\n${server.output.slice(-20).join('\n')}`);
    const ready = await fetch(`${url}/-/ready`).then((answer) => answer.ok, () => false);
    if (ready) return;
    if (performance.now() > deadline) throw new Error(`prometheus was not ready within ${READY_TIMEOUT_MS} ms:\n${server.output.slice(-20).join('\n')}`);
    await sleep(100);
  }
}

export async function startThrowawayPrometheus(settings: PrometheusSettings): Promise<ThrowawayPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'nestjs-health-prometheus-'));
  const removeDir = trackDir(dir);
  writeFileSync(join(dir, 'rules.yaml'), stringify(settings.rules));
  const config = {
    global: { scrape_interval: `${settings.scrapeIntervalS}s`, evaluation_interval: `${settings.evaluationIntervalS}s` },
    rule_files: [join(dir, 'rules.yaml')],
    scrape_configs: [
      {
        job_name: settings.job,
        static_configs: settings.targets.map((target) => ({ targets: [target.address], labels: target.labels })),
      },
    ],
  };
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawnThrowaway('prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ]);
  const destroy = async () => {
    await stopGracefully(server, 'SIGTERM', 5000);
    removeDir();
  };
  try {
    await waitUntilReady(url, server);
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    url,
    process: server,
    async api<T>(path: string, params: Record<string, string> = {}): Promise<T> {
      const answer = await fetch(`${url}/api/v1/${path}?${new URLSearchParams(params)}`);
      const body = (await answer.json()) as ApiAnswer<T>;
      if (body.status !== 'success') throw new Error(`prometheus /api/v1/${path} ${JSON.stringify(params)}: ${body.error}`);
      return body.data;
    },
    destroy,
  };
}
