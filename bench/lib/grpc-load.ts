import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { HEALTH_PROTO } from '../servers/grpc-protos.js';
import { LatencySample } from './latency-sample.js';
import type { LoadResult } from './load.js';
import { percentileOfSorted, round } from './stats.js';

const Check = (protoLoader.loadSync(HEALTH_PROTO, { enums: String })['grpc.health.v1.Health'] as grpc.ServiceDefinition).Check;

export interface GrpcLoadOptions {
  /** `host:port` */
  readonly address: string;
  readonly service: string;
  readonly connections: number;
  readonly durationSeconds: number;
}

/** A Check answer: its status, and the size of the response message on the wire. */
export interface CheckAnswer {
  readonly status: string;
  readonly bytes: number;
}

function client(address: string): grpc.Client {
  // a connection of its own per client, as autocannon opens one per connection
  return new grpc.Client(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
}

function check(target: grpc.Client, service: string): Promise<CheckAnswer> {
  let bytes = 0;
  const deserialize = (buffer: Buffer) => {
    bytes = buffer.length;
    return Check.responseDeserialize(buffer) as { status: string };
  };
  return new Promise((resolve, reject) => {
    target.makeUnaryRequest(Check.path, Check.requestSerialize, deserialize, { service }, (error, reply) =>
      error ? reject(error) : resolve({ status: reply?.status ?? 'UNKNOWN', bytes }),
    );
  });
}

/** One Check, on a fresh client: what a row answers before it is measured. */
export async function checkOnce(address: string, service: string): Promise<CheckAnswer> {
  const target = client(address);
  try {
    return await check(target, service);
  } finally {
    target.close();
  }
}

/**
 * Closed-loop load like autocannon's: `connections` clients, each on its own connection with one call in flight,
 * for the duration; exact per-call latency. A non-SERVING answer counts as non-2xx, an RPC error as an error.
 */
export async function grpcLoadTest(options: GrpcLoadOptions): Promise<LoadResult> {
  const latencies = new LatencySample();
  const clients = Array.from({ length: options.connections }, () => client(options.address));
  let completed = 0;
  let notServing = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.durationSeconds * 1000;
  try {
    await Promise.all(
      clients.map(async (target) => {
        while (performance.now() < deadline) {
          const sent = performance.now();
          try {
            const { status } = await check(target, options.service);
            if (status === 'SERVING') {
              completed++;
              latencies.add(performance.now() - sent);
            } else notServing++;
          } catch {
            errors++;
          }
        }
      }),
    );
  } finally {
    for (const target of clients) target.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sorted();
  return {
    requestsPerSecond: round(completed / seconds, 0),
    p50Ms: round(percentileOfSorted(sorted, 50), 2),
    p99Ms: round(percentileOfSorted(sorted, 99), 2),
    completed,
    non2xx: notServing,
    errors,
    seconds: round(seconds, 2),
  };
}
