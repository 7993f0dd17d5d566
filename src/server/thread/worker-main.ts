import { parentPort, workerData } from 'node:worker_threads';
import { closeFront, createProbeFront, listen } from '../probe-front.js';
import { Heartbeat } from './heartbeat.js';
import { WorkerBackend } from './worker-backend.js';
import type { MainMessage, ProbeWorkerData, WorkerMessage } from './worker-protocol.js';

/**
 * The worker thread's program: the probe server's front with the worker's backend. Imports nothing of Nest and
 * runs no user code; bundled into worker-source.ts by scripts/build-worker-source.mjs and started with eval.
 */
function run(port: NonNullable<typeof parentPort>, data: ProbeWorkerData): void {
  const post = (message: WorkerMessage) => port.postMessage(message);
  const backend = new WorkerBackend(post, new Heartbeat(data.heartbeat), data);
  const server = createProbeFront(data.front, backend, (error) => post({ type: 'failed', reason: error instanceof Error ? error.message : String(error) }));
  port.on('message', (message: MainMessage) => {
    if (message.type === 'answer') backend.settle(message.id, message.answer);
    else if (message.type === 'publish') backend.publish(message.publication);
    else void closeFront(server).then(() => process.exit(0));
  });
  listen(server, data.front.port, data.front.host).then(
    (bound) => post({ type: 'listening', port: bound }),
    (error: NodeJS.ErrnoException) => post({ type: 'listen-failed', code: error.code ?? error.message }),
  );
}

if (parentPort) run(parentPort, workerData as ProbeWorkerData);
