import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Answer {
  status: number;
  /** ms before the answer is sent */
  delayMs?: number;
}

export interface ScriptedServer {
  readonly url: string;
  /** sets the answer for a path (default for unknown paths: 404) */
  answer(path: string, answer: Answer | number): void;
  /** requests received per path, with their arrival time (performance.now()) */
  hits(path: string): number[];
  /** the headers of the last request to a path */
  lastHeaders(path: string): IncomingMessage['headers'] | undefined;
  close(): Promise<void>;
}

/** A tiny real HTTP server whose answers the test controls, to probe against. */
export async function startScriptedServer(): Promise<ScriptedServer> {
  const answers = new Map<string, Answer>();
  const hits = new Map<string, number[]>();
  const headers = new Map<string, IncomingMessage['headers']>();
  const sockets = new Set<Socket>();
  const pending = new Set<NodeJS.Timeout>();
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    (hits.get(path) ?? hits.set(path, []).get(path)!).push(performance.now());
    headers.set(path, request.headers);
    const { status, delayMs = 0 } = answers.get(path) ?? { status: 404 };
    const send = () => {
      if (!response.destroyed) response.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
    };
    if (delayMs === 0) return send();
    const timer = setTimeout(() => {
      pending.delete(timer);
      send();
    }, delayMs);
    pending.add(timer);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    answer: (path, answer) => answers.set(path, typeof answer === 'number' ? { status: answer } : answer),
    hits: (path) => hits.get(path) ?? [],
    lastHeaders: (path) => headers.get(path),
    close: async () => {
      for (const timer of pending) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
