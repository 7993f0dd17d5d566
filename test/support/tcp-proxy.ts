import { connect, createServer, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'blackhole' | 'refuse';

/**
 * A TCP proxy between the app and a dependency, to break the network rather than the server:
 * `pass` forwards (with `latencyMs` added to every chunk in each direction, order kept),
 * `blackhole` accepts and keeps connections but silently drops every byte (a partition: nothing answers,
 * nothing errors), `refuse` resets new and existing connections at once (a crashed host).
 */
export interface TcpProxy {
  readonly port: number;
  readonly mode: ProxyMode;
  /** ms added to each chunk, each direction */
  latencyMs: number;
  setMode(mode: ProxyMode): void;
  /** live client connections */
  readonly connections: number;
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  upstream?: Socket;
  /** set once bytes were dropped: the stream is corrupt and cannot be resumed */
  dropped: boolean;
}

export async function startTcpProxy(target: { host?: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  const timers = new Set<NodeJS.Timeout>();
  let mode: ProxyMode = 'pass';

  const proxy: TcpProxy = {
    port: 0,
    latencyMs: 0,
    get mode() {
      return mode;
    },
    get connections() {
      return pairs.size;
    },
    setMode(next) {
      mode = next;
      for (const pair of pairs) {
        if (next === 'refuse' || (next === 'pass' && pair.dropped)) destroy(pair, true);
      }
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const pair of pairs) destroy(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function destroy(pair: Pair, reset = false): void {
    if (reset) pair.client.resetAndDestroy();
    else pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  }

  // each direction keeps its own clock so a delayed chunk never overtakes an earlier one
  function forward(from: Socket, to: Socket, pair: Pair): void {
    let lastDue = 0;
    from.on('data', (chunk: Buffer) => {
      if (mode === 'blackhole') {
        pair.dropped = true;
        return;
      }
      // a socket still connecting queues what is written to it
      const send = () => to.write(chunk);
      if (proxy.latencyMs <= 0 && lastDue <= performance.now()) return void send();
      const due = Math.max(performance.now() + proxy.latencyMs, lastDue);
      lastDue = due;
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, due - performance.now());
      timers.add(timer);
    });
  }

  const server = createServer((client) => {
    if (mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    const pair: Pair = { client, dropped: false };
    pairs.add(pair);
    client.on('error', () => destroy(pair));
    client.on('close', () => destroy(pair));
    if (mode === 'blackhole') {
      // never connect upstream: the handshake goes unanswered
      pair.dropped = true;
      client.on('data', () => undefined);
      return;
    }
    const upstream = connect(target.port, target.host ?? '127.0.0.1');
    pair.upstream = upstream;
    upstream.on('error', () => destroy(pair));
    upstream.on('close', () => destroy(pair));
    forward(client, upstream, pair);
    forward(upstream, client, pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  Object.defineProperty(proxy, 'port', { value: typeof address === 'object' && address ? address.port : 0 });
  return proxy;
}
