import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ClientGrpcProxy, ClientRedis, ServerGrpc } from '@nestjs/microservices';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Subject } from 'rxjs';
import { watchTransportStatus, type TransportStatusObserver, type TransportStatusWatch } from '../../src/index.js';

const GRACE = 30_000;
const protoPath = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'echo.proto');

/** A status stream the test drives word by word, as a Nest transport's `_status$` does. */
function transport() {
  const status = new Subject<string>();
  let subscribers = 0;
  const source = {
    status: {
      subscribe: (observer: TransportStatusObserver) => {
        subscribers++;
        const subscription = status.subscribe(observer);
        return { unsubscribe: () => (subscribers--, subscription.unsubscribe()) };
      },
    },
  };
  return { source, emit: (word: string) => status.next(word), status, subscribers: () => subscribers };
}

let watches: TransportStatusWatch[] = [];
const watch = (...args: Parameters<typeof watchTransportStatus>) => {
  const created = watchTransportStatus(...args);
  watches.push(created);
  return created;
};

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  for (const created of watches) created.close();
  watches = [];
  jest.useRealTimers();
});

describe('watchTransportStatus state mapping', () => {
  it('fails "no status yet" until the first word', () => {
    const { source, emit } = transport();
    const status = watch(source);
    expect(status.check()).toEqual({
      status: null,
      healthy: false,
      message: 'no status yet: a ClientProxy reports its first status only once connect() is called, a server once it listens',
    });
    emit('connected');
    expect(status.check()).toEqual({ status: 'connected', for_ms: 0 });
  });

  it('says "no status yet" for a real ClientProxy that was never connected', () => {
    const client = new ClientRedis({ host: '127.0.0.1', port: 6379 });
    expect(watch(client).check()).toMatchObject({ status: null, healthy: false, message: expect.stringContaining('no status yet') });
  });

  it.each(['connected', 'unblocked'])('is healthy on %s', (word) => {
    const { source, emit } = transport();
    const status = watch(source);
    emit(word);
    jest.advanceTimersByTime(GRACE * 10);
    expect(status.check()).toEqual({ status: word, for_ms: GRACE * 10 });
  });

  it.each(['disconnected', 'crashed', 'stopped', 'closed'])('fails at once on %s', (word) => {
    const { source, emit } = transport();
    const status = watch(source);
    emit('connected');
    emit(word);
    expect(status.check()).toEqual({ status: word, for_ms: 0, healthy: false, message: `transport ${word}` });
  });

  it.each(['reconnecting', 'rebalancing', 'blocked'])('is degraded on %s for the grace period, then failed', (word) => {
    const { source, emit } = transport();
    const status = watch(source, { graceMs: GRACE });
    emit('connected');
    emit(word);
    jest.advanceTimersByTime(GRACE - 1);
    expect(status.check()).toMatchObject({ status: word, degraded: true, message: `transport ${word} for 30 s; degraded for up to 30 s, then failed` });
    jest.advanceTimersByTime(1);
    expect(status.check()).toEqual({ status: word, for_ms: GRACE, healthy: false, message: `transport ${word} for 30 s, longer than its grace of 30 s` });
  });

  it('runs the grace from the start of an outage across transient words, and restarts it after a recovery', () => {
    const { source, emit } = transport();
    const status = watch(source, { graceMs: GRACE });
    emit('reconnecting');
    jest.advanceTimersByTime(20_000);
    emit('rebalancing');
    jest.advanceTimersByTime(10_000);
    expect(status.check()).toMatchObject({ status: 'rebalancing', healthy: false });
    emit('connected');
    expect(status.check()).toEqual({ status: 'connected', for_ms: 0 });
    emit('reconnecting');
    jest.advanceTimersByTime(GRACE - 1);
    expect(status.check()).toMatchObject({ degraded: true });
  });

  it('fails an unknown word with the way to map it, and maps it when told', () => {
    const { source, emit } = transport();
    const plain = watch(source);
    const mapped = watch(source, { statuses: { draining: 'transient', connected: 'failed' } });
    emit('draining');
    expect(plain.check()).toMatchObject({ healthy: false, message: 'transport status "draining" is not one this check knows; map it with the statuses option' });
    expect(mapped.check()).toMatchObject({ degraded: true });
    emit('connected');
    expect(mapped.check()).toMatchObject({ healthy: false, message: 'transport connected' });
  });

  it('graceMs 0 fails a transient word at once', () => {
    const { source, emit } = transport();
    const status = watch(source, { graceMs: 0 });
    emit('reconnecting');
    expect(status.check()).toMatchObject({ healthy: false });
  });

  it('fails when the stream errors or completes', () => {
    const errored = transport();
    const completed = transport();
    const a = watch(errored.source);
    const b = watch(completed.source);
    errored.emit('connected');
    completed.emit('connected');
    errored.status.error(new Error('redis://user:secret@cache:6379 lost'));
    completed.status.complete();
    expect(a.check()).toEqual({ status: 'connected', healthy: false, message: 'the transport status stream ended with an error' });
    expect(b.check()).toMatchObject({ healthy: false, message: 'the transport status stream completed: the server or client is closed' });
  });
});

describe('watchTransportStatus subscription', () => {
  it('subscribes once however many checks run, and close() unsubscribes', () => {
    const { source, emit, subscribers } = transport();
    const status = watch(source);
    emit('connected');
    for (let i = 0; i < 1000; i++) status.check();
    expect(subscribers()).toBe(1);
    status.close();
    expect(subscribers()).toBe(0);
    expect(status.check()).toMatchObject({ healthy: false, message: 'this watch was closed (close() was called); create a new one to check again' });
  });
});

describe('watchTransportStatus refusals', () => {
  it('refuses a gRPC server and a gRPC client with a sentence', () => {
    const refusal = 'watchTransportStatus: the gRPC transport has no status stream (Nest throws on reading it); check a gRPC server with nestjs-health/grpc, or its port with checkTcp';
    expect(() => watchTransportStatus(new ServerGrpc({ package: 'echo', protoPath, url: '127.0.0.1:0' }))).toThrow(refusal);
    expect(() => watchTransportStatus(new ClientGrpcProxy({ package: 'echo', protoPath, url: '127.0.0.1:1' }))).toThrow(refusal);
  });

  it('refuses something that is not a transport', () => {
    expect(() => watchTransportStatus({} as never)).toThrow(
      'watchTransportStatus: the source must be a Nest microservice server, client (ClientProxy) or app, whose status is an observable, got an object of another shape',
    );
    expect(() => watchTransportStatus(undefined as never)).toThrow('got undefined');
  });

  it('refuses unknown options, a bad grace and a bad status meaning', () => {
    const { source } = transport();
    expect(() => watchTransportStatus(source, { grace: 5 } as never)).toThrow('watchTransportStatus: unknown option "grace"; the options are graceMs, statuses');
    expect(() => watchTransportStatus(source, { graceMs: -1 })).toThrow('watchTransportStatus: graceMs must be a non-negative number, got -1');
    expect(() => watchTransportStatus(source, { statuses: { up: 'ok' as never } })).toThrow(
      'watchTransportStatus: statuses["up"] must be "healthy", "transient" or "failed", got "ok"',
    );
  });
});
