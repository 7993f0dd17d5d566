import http from 'node:http';

/** One request of a stream: when it left, when its answer came back, and what came back (or the error). */
export interface Exchange {
  readonly path: string;
  readonly sentAt: number;
  readonly answeredAt: number;
  readonly status?: number;
  readonly connection?: string;
  readonly body?: string;
  readonly error?: string;
}

function exchange(agent: http.Agent, port: number, path: string): Promise<Exchange> {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    const request = http.get({ agent, host: '127.0.0.1', port, path, timeout: 5000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ path, sentAt, answeredAt: Date.now(), status: response.statusCode, connection: response.headers.connection, body }),
      );
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ path, sentAt, answeredAt: Date.now(), error: error.code ?? error.message }));
    });
    request.on('timeout', () => request.destroy(new Error('request timed out')));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ path, sentAt, answeredAt: Date.now(), error: error.code ?? error.message }));
  });
}

/**
 * Sequential keep-alive requests to one path, back to back, until `stop()`: the traffic a load balancer keeps
 * sending while it has not yet noticed that a pod is going away.
 */
export class RequestStream {
  readonly exchanges: Exchange[] = [];
  private stopped = false;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly loop: Promise<void>;

  constructor(port: number, path: string) {
    this.loop = (async () => {
      while (!this.stopped) this.exchanges.push(await exchange(this.agent, port, path));
    })();
  }

  /** Sends no new request; resolves once the one in flight is answered. */
  async stop(): Promise<Exchange[]> {
    this.stopped = true;
    await this.loop;
    this.agent.destroy();
    return this.exchanges;
  }
}
