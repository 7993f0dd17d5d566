import { Module } from '@nestjs/common';
import { HealthModule } from 'nestjs-health';
import { BENCH_VERSION } from './bare-payload.js';
import { freePort, LOOPBACK, type BenchServer } from './bench-server.js';
import { listenNest } from './nest-app.js';
import { CACHED_CHECKS } from './ours.server.js';

/**
 * Rows (p1) and (p2) and the blocked-loop probes: the app of rows (c) and (d), its probes on the module's probe server
 * (in the main thread, or in a worker thread); the bench talks to the probe server's port.
 */
export async function startProbeServer(thread: boolean): Promise<BenchServer> {
  const port = await freePort();
  @Module({ imports: [HealthModule.forRoot({ version: BENCH_VERSION, logger: false, server: { port, host: LOOPBACK, thread } })], providers: CACHED_CHECKS })
  class ProbeServerModule {}
  const app = await listenNest(ProbeServerModule);
  return { port, close: () => app.close() };
}
