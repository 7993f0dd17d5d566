import { fileURLToPath } from 'node:url';

// from bench/dist/servers (where the bench runs) and bench/servers alike
const here = new URL('.', import.meta.url);
const servers = here.pathname.includes('/dist/') ? new URL('../../servers/', here) : here;

/** The standard grpc.health.v1 proto, kept once in the repository for every client built from it. */
export const HEALTH_PROTO = fileURLToPath(new URL('../../test/grpc/support/health.proto', servers));
export const BENCH_PROTO = fileURLToPath(new URL('bench.proto', servers));
