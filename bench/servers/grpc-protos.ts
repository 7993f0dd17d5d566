import { fileURLToPath } from 'node:url';

// from bench/dist/servers (where the bench runs) and bench/servers alike, the protos sit in bench/servers
const here = new URL('.', import.meta.url);
const protoDir = here.pathname.includes('/dist/') ? new URL('../../servers/', here) : here;

export const HEALTH_PROTO = fileURLToPath(new URL('health.proto', protoDir));
export const BENCH_PROTO = fileURLToPath(new URL('bench.proto', protoDir));
