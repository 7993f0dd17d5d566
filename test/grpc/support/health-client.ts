import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';

const HEALTH_PROTO = fileURLToPath(new URL('./health.proto', import.meta.url));
const definition = protoLoader.loadSync(HEALTH_PROTO, { enums: String, defaults: true, keepCase: true });
const HealthClientConstructor = (grpc.loadPackageDefinition(definition) as any).grpc.health.v1.Health as grpc.ServiceClientConstructor;

export type ServingStatusName = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

/** What a call ended with: a serving status, or the gRPC error code's name (e.g. `NOT_FOUND`). */
export type CheckAnswer = ServingStatusName | `error ${string}`;

export interface WatchMessage {
  readonly status: ServingStatusName;
  readonly at: number;
}

export interface WatchEnd {
  readonly code: number;
  readonly codeName: string;
  readonly details: string;
  readonly at: number;
}

/** A Watch stream as a client sees it: every message with its arrival time, and how the stream ended. */
export class Watcher {
  readonly messages: WatchMessage[] = [];
  readonly ended: Promise<WatchEnd>;
  end?: WatchEnd;
  private readonly waiters = new Set<() => void>();

  constructor(readonly call: grpc.ClientReadableStream<{ status: ServingStatusName }>) {
    call.on('data', (message) => {
      this.messages.push({ status: message.status, at: performance.now() });
      for (const waiter of this.waiters) waiter();
    });
    this.ended = new Promise((resolve) => {
      call.on('status', (status: grpc.StatusObject) => {
        this.end = { code: status.code, codeName: grpc.status[status.code], details: status.details, at: performance.now() };
        for (const waiter of this.waiters) waiter();
        resolve(this.end);
      });
    });
    // errors arrive through 'status' as well; without a listener an 'error' would be thrown
    call.on('error', () => undefined);
  }

  get statuses(): ServingStatusName[] {
    return this.messages.map((message) => message.status);
  }

  /** Resolves with the first message (from index `from` on) that has `status`, or rejects after timeoutMs. */
  waitFor(status: ServingStatusName, timeoutMs: number, from = 0): Promise<WatchMessage> {
    return new Promise((resolve, reject) => {
      const look = () => {
        const found = this.messages.slice(from).find((message) => message.status === status);
        if (found) done(undefined, found);
        else if (this.end) done(new Error(`Watch ended (${this.end.codeName}) before ${status}; saw ${this.statuses.join(', ')}`));
      };
      const timer = setTimeout(() => done(new Error(`no ${status} on Watch within ${timeoutMs} ms; saw ${this.statuses.join(', ') || 'nothing'}`)), timeoutMs);
      const done = (error?: Error, message?: WatchMessage) => {
        clearTimeout(timer);
        this.waiters.delete(look);
        if (error) reject(error);
        else resolve(message!);
      };
      this.waiters.add(look);
      look();
    });
  }

  cancel(): void {
    this.call.cancel();
  }
}

/** A real @grpc/grpc-js client of grpc.health.v1.Health, built from the standard proto with proto-loader. */
export class HealthClient {
  readonly raw: grpc.Client & Record<string, any>;

  constructor(readonly address: string, options: grpc.ChannelOptions = {}) {
    this.raw = new HealthClientConstructor(address, grpc.credentials.createInsecure(), options) as grpc.Client & Record<string, any>;
  }

  /** Check, answering the status name, or `error NOT_FOUND` (etc.) for an RPC error. */
  check(service: string, deadlineMs = 5000): Promise<CheckAnswer> {
    return new Promise((resolve) => {
      this.raw.Check({ service }, { deadline: Date.now() + deadlineMs }, (error: grpc.ServiceError | null, reply: { status: ServingStatusName }) => {
        resolve(error ? `error ${grpc.status[error.code]}` : reply.status);
      });
    });
  }

  /** Like check(), with the error's details when it fails. */
  checkDetailed(service: string, deadlineMs = 5000): Promise<{ answer: CheckAnswer; details?: string }> {
    return new Promise((resolve) => {
      this.raw.Check({ service }, { deadline: Date.now() + deadlineMs }, (error: grpc.ServiceError | null, reply: { status: ServingStatusName }) => {
        resolve(error ? { answer: `error ${grpc.status[error.code]}`, details: error.details } : { answer: reply.status });
      });
    });
  }

  list(deadlineMs = 5000): Promise<Record<string, ServingStatusName>> {
    return new Promise((resolve, reject) => {
      this.raw.List({}, { deadline: Date.now() + deadlineMs }, (error: grpc.ServiceError | null, reply: { statuses: Record<string, { status: ServingStatusName }> }) => {
        if (error) return reject(error);
        resolve(Object.fromEntries(Object.entries(reply.statuses).map(([name, value]) => [name, value.status])));
      });
    });
  }

  watch(service: string): Watcher {
    return new Watcher(this.raw.Watch({ service }));
  }

  close(): void {
    this.raw.close();
  }
}
