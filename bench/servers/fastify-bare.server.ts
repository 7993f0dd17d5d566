import Fastify from 'fastify';
import { BARE_PAYLOAD } from './bare-payload.js';
import { LOOPBACK, portOf, type BenchServer } from './bench-server.js';

/** Row (a): Fastify alone, one route sending the same JSON as our ready body. */
export async function startBareFastify(): Promise<BenchServer> {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => BARE_PAYLOAD);
  await app.listen({ port: 0, host: LOOPBACK });
  return { port: portOf(app.server.address()), close: () => app.close() };
}
