import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Upstream {
  readonly name: string;
  readonly url: string;
  /** whether the load balancer may send traffic there now (the ProbeSimulator's view of readiness) */
  isReady(): boolean;
}

/**
 * A small round-robin load balancer, as a Service plus ingress would be: it sends each request to the next
 * upstream that is ready, and answers 503 itself when none is. `X-Upstream` names who answered.
 */
export interface ReadyProxy {
  readonly url: string;
  /** requests answered per upstream name, and by the proxy itself under `proxy` */
  readonly served: Map<string, number>;
  close(): Promise<void>;
}

export async function startReadyProxy(upstreams: readonly Upstream[]): Promise<ReadyProxy> {
  const served = new Map<string, number>();
  const count = (name: string) => served.set(name, (served.get(name) ?? 0) + 1);
  let next = 0;

  const pick = (): Upstream | undefined => {
    for (let tried = 0; tried < upstreams.length; tried++) {
      const candidate = upstreams[next++ % upstreams.length];
      if (candidate.isReady()) return candidate;
    }
    return undefined;
  };

  const answerSelf = (response: ServerResponse, status: number, error: string) => {
    count('proxy');
    response.writeHead(status, { 'content-type': 'application/json', 'x-upstream': 'proxy' }).end(JSON.stringify({ error }));
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const upstream = pick();
    if (!upstream) return answerSelf(response, 503, 'no ready upstream');
    const outgoing = httpRequest(`${upstream.url}${request.url ?? '/'}`, { method: request.method, headers: request.headers, agent: false }, (answer) => {
      count(upstream.name);
      response.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-upstream': upstream.name });
      answer.pipe(response);
    });
    outgoing.on('error', () => {
      if (!response.headersSent) answerSelf(response, 502, 'upstream failed');
      else response.destroy();
    });
    request.pipe(outgoing);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
