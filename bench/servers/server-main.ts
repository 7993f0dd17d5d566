import 'reflect-metadata';
import type { ChildMessage, ChildRequest, MemoryFigures, ServerScenario } from '../lib/child-protocol.js';
import type { BenchServer } from './bench-server.js';
import { startBareFastify } from './fastify-bare.server.js';
import { startNestGrpcFloor, startOursGrpc, startRawGrpcFloor } from './grpc.server.js';
import { startBareNest } from './nest-bare.server.js';
import { startBackgroundCheck, startCachedChecks, startCachedChecksOtelNoSdk, startStormTarget } from './ours.server.js';
import { startProbeServer } from './probe-server.server.js';
import { startTerminusSlowCheck, startTerminusStorm, startTerminusThreeChecks } from './terminus.server.js';

const SCENARIOS: Record<ServerScenario, () => Promise<BenchServer>> = {
  'fastify-bare': startBareFastify,
  'nest-bare': startBareNest,
  'ours-cached': startCachedChecks,
  'ours-otel-no-sdk': startCachedChecksOtelNoSdk,
  'ours-background': startBackgroundCheck,
  'terminus-three-checks': startTerminusThreeChecks,
  'terminus-slow-check': startTerminusSlowCheck,
  'ours-storm': startStormTarget,
  'terminus-storm': startTerminusStorm,
  'grpc-raw-floor': startRawGrpcFloor,
  'grpc-nest-floor': startNestGrpcFloor,
  'grpc-ours': startOursGrpc,
  'ours-probe-server': () => startProbeServer(false),
  'ours-probe-thread': () => startProbeServer(true),
};

function send(message: ChildMessage, then?: () => void): void {
  process.send?.(message, undefined, undefined, then);
}

/** Heap after full collections, so the soak compares live objects rather than garbage (needs --expose-gc). */
async function settledMemory(): Promise<MemoryFigures> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('bench server: memory figures need node --expose-gc');
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsedBytes: heapUsed, rssBytes: rss };
}

async function main(): Promise<void> {
  const scenario = process.argv[2] as ServerScenario;
  const start = SCENARIOS[scenario];
  if (!start) throw new Error(`bench server: unknown scenario "${scenario}"`);
  const server = await start();
  // the parent owns this process: when it goes away, so do we
  process.on('disconnect', () => process.exit(0));
  process.on('message', (request: ChildRequest) => {
    // the reply leaves first, then the loop is blocked: the parent knows when the block began
    if (request.type === 'block') return send({ type: 'reply', id: request.id, data: {} }, () => blockFor(request.ms));
    void answer(server, request).then(
      // after a stop, leave once the reply is flushed; --cpu-prof writes its profile on a normal exit
      (data) => send({ type: 'reply', id: request.id, data }, request.type === 'stop' ? () => process.exit(0) : undefined),
      (error: unknown) => send({ type: 'failed', error: String(error) }),
    );
  });
  send({ type: 'listening', port: server.port });
}

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

async function answer(server: BenchServer, request: Exclude<ChildRequest, { type: 'block' }>): Promise<unknown> {
  switch (request.type) {
    case 'counters':
      return server.counters?.() ?? {};
    case 'cpu': {
      const { user, system } = process.cpuUsage();
      return user + system;
    }
    case 'memory':
      return settledMemory();
    case 'stop':
      await server.close();
      return {};
  }
}

main().catch((error: unknown) => {
  send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1));
});
