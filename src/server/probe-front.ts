import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { authenticationChallenge, TokenCredentials } from '../http/token-credentials.js';
import { isThenable } from '../is-thenable.js';
import { hasParameter, type FrontAnswer, type FrontConfig, type ProbeBackend, type ProbeTarget } from './probe-routes.js';

/**
 * The limits a framework would have set: probes are tiny GETs sent at once, so anything large, slow or numerous
 * is refused early, and a connection that sends no complete request within 2 s is closed (408). 16 KiB of headers
 * is Node's default and leaves room for a long Accept or Authorization header. No cap of requests per connection:
 * past it Node answers 503 itself, which a health checker would read as unhealthy.
 */
export const FRONT_LIMITS = {
  maxHeaderSize: 16 * 1024,
  headersTimeoutMs: 2_000,
  requestTimeoutMs: 5_000,
  keepAliveTimeoutMs: 5_000,
  idleSocketMs: 10_000,
  maxConnections: 128,
  checkIntervalMs: 500,
} as const;

const JSON_TYPE = 'application/json; charset=utf-8';
const ALLOW = 'GET, HEAD';

/** Nest's own error-body shape, fixed: nothing of the request is echoed. */
const statusBody = (status: number) => `{"message":"${STATUS_CODES[status]}","statusCode":${status}}`;

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function send(request: IncomingMessage, response: ServerResponse, answer: FrontAnswer): void {
  if (response.headersSent || response.destroyed) return;
  response.statusCode = answer.statusCode;
  if (answer.headers) for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  // after the answer's own headers, so nothing can take no-store away
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Content-Type', answer.contentType);
  response.setHeader('Content-Length', Buffer.byteLength(answer.body));
  response.end(request.method === 'HEAD' ? undefined : answer.body);
}

function sendStatus(request: IncomingMessage, response: ServerResponse, status: number, headers?: Record<string, string>): void {
  send(request, response, { statusCode: status, contentType: JSON_TYPE, body: statusBody(status), headers });
}

/** A request the HTTP parser refused (bad method, oversized headers, too slow): a bare status, still no-store. */
function refuseClient(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nCache-Control: no-store\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The probe server's HTTP surface, the same in the main thread and in the worker: exact-path routing, GET and
 * HEAD only, the deep route's token, `Cache-Control: no-store` on every answer, no request body ever read.
 * What a probe answers comes from the backend; a backend that throws gives a bare 500 and `onError`.
 */
export function createProbeFront(config: FrontConfig, backend: ProbeBackend, onError: (error: unknown) => void): Server {
  const routes = new Map<string, ProbeTarget>(config.routes);
  const credentials = config.deep === 'token' && config.token ? new TokenCredentials(config.token) : undefined;
  const failed = (request: IncomingMessage, response: ServerResponse) => (error: unknown) => {
    onError(error);
    sendStatus(request, response, 500);
  };

  const server = createServer(
    {
      maxHeaderSize: FRONT_LIMITS.maxHeaderSize,
      headersTimeout: FRONT_LIMITS.headersTimeoutMs,
      requestTimeout: FRONT_LIMITS.requestTimeoutMs,
      keepAliveTimeout: FRONT_LIMITS.keepAliveTimeoutMs,
      connectionsCheckingInterval: FRONT_LIMITS.checkIntervalMs,
    },
    (request, response) => {
      // a body is never read: the connection closes after the answer instead of draining it
      if (hasBody(request)) response.shouldKeepAlive = false;
      const url = request.url ?? '';
      const queryAt = url.indexOf('?');
      const target = routes.get(queryAt < 0 ? url : url.slice(0, queryAt));
      if (target === undefined) return sendStatus(request, response, 404);
      if (request.method !== 'GET' && request.method !== 'HEAD') return sendStatus(request, response, 405, { Allow: ALLOW });
      const accept = request.headers.accept;
      if (target === 'deep' && config.deep === 'token' && !credentials?.accepts(request.headers.authorization)) {
        // Bearer, or Basic for a browser asking for the operator page: the token rule decides
        return sendStatus(request, response, 401, { 'WWW-Authenticate': authenticationChallenge(accept) });
      }
      const query = queryAt < 0 ? '' : url.slice(queryAt + 1);
      try {
        const answer = backend.answer({ target, accept, verbose: hasParameter(query, 'verbose'), history: target === 'deep' && hasParameter(query, 'history') });
        if (isThenable<FrontAnswer>(answer)) answer.then((settled) => send(request, response, settled), failed(request, response));
        else send(request, response, answer);
      } catch (error) {
        failed(request, response)(error);
      }
    },
  );
  server.maxConnections = FRONT_LIMITS.maxConnections;
  server.timeout = FRONT_LIMITS.idleSocketMs;
  server.on('clientError', refuseClient);
  return server;
}

/** Listens, turning the bind error into one the caller can word (`code`: EADDRINUSE, EACCES, …). */
export function listen(server: Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(error);
    server.once('error', onError);
    server.listen({ port, host }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/** Stops accepting, ends every connection (idle keep-alive ones included) and resolves once closed. */
export function closeFront(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
