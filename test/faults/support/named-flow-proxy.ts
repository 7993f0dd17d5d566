import { connect, createServer, type Socket } from 'node:net';

/** How much of a connection's first bytes is searched for its CLIENT SETNAME. */
const NAME_WINDOW_BYTES = 1024;
const SETNAME = /setname\r\n\$\d+\r\n([^\r]*)\r\n/i;

interface Flow {
  readonly client: Socket;
  readonly upstream: Socket;
  /** the name the client gave itself (ioredis `connectionName`), once seen */
  name?: string;
  head: string;
  dropped: boolean;
}

/**
 * A TCP proxy in front of Redis that can forget chosen connections, as a NAT gateway or a load balancer that lost its
 * flow table does: `forget(prefix)` silently drops every byte, both ways, of the live connections whose client named
 * itself with that prefix (`CLIENT SETNAME`), and keeps their sockets open — no error, no close, nothing answers.
 * Connections opened afterwards pass, as a new flow would.
 */
export interface NamedFlowProxy {
  readonly port: number;
  /** the names of the connections open now, one entry per connection (unnamed ones as "") */
  readonly names: string[];
  /** forgets the live connections named `prefix…`; returns how many it forgot */
  forget(prefix: string): number;
  close(): Promise<void>;
}

export async function startNamedFlowProxy(target: { host?: string; port: number }): Promise<NamedFlowProxy> {
  const flows = new Set<Flow>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host ?? '127.0.0.1');
    const flow: Flow = { client, upstream, head: '', dropped: false };
    flows.add(flow);
    const end = () => {
      flows.delete(flow);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
    client.on('data', (chunk: Buffer) => {
      if (flow.name === undefined && flow.head.length < NAME_WINDOW_BYTES) {
        flow.head += chunk.toString('latin1');
        flow.name = SETNAME.exec(flow.head)?.[1];
      }
      if (!flow.dropped) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!flow.dropped) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    get names() {
      return [...flows].map((flow) => flow.name ?? '');
    },
    forget(prefix) {
      let forgotten = 0;
      for (const flow of flows) {
        if (!flow.dropped && flow.name?.startsWith(prefix)) {
          flow.dropped = true;
          forgotten++;
        }
      }
      return forgotten;
    },
    close: async () => {
      for (const flow of flows) {
        flow.client.destroy();
        flow.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
