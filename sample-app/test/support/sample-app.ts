import { ConfigService } from '@nestjs/config';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppModule } from '../../src/app.module.js';
import { validateEnvironment } from '../../src/config/environment.js';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: any;
}

export interface RunningSample {
  readonly app: NestFastifyApplication;
  readonly url: string;
  get(path: string, headers?: Record<string, string>): Promise<Answer>;
  post(path: string, body: unknown): Promise<Answer>;
  close(): Promise<void>;
}

/**
 * The app's ConfigService for a test: the given variables validated as ConfigModule does, and nothing from this
 * process's own environment (as `skipProcessEnv: true` does in AppModule).
 */
export function configServiceFor(env: Record<string, string>): ConfigService {
  return Object.assign(new ConfigService(validateEnvironment(env)), { skipProcessEnv: true });
}

/** Boots AppModule in-process from environment variables, on loopback and a free port. */
export async function startSample(env: Record<string, string>): Promise<RunningSample> {
  const config = configServiceFor({ HOST: '127.0.0.1', PORT: '0', ...env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(ConfigService)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  try {
    await app.listen({ port: config.get('PORT'), host: config.get('HOST') });
    const { port } = app.getHttpServer().address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    return {
      app,
      url,
      get: (path, headers) => request(`${url}${path}`, { headers }),
      post: (path, body) =>
        request(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      close: () => app.close(),
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}

export async function request(url: string, init?: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** Repeats `read` until `done` says so or `timeoutMs` passes; the last answer either way. */
export async function until(read: () => Promise<Answer>, done: (answer: Answer) => boolean, timeoutMs: number): Promise<Answer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await read();
    if (done(answer) || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A real HTTP server standing in for the external API; its status code can be changed between requests. */
export async function startExternalApi(): Promise<{ url: string; setStatus(status: number): void; close(): Promise<void> }> {
  let status = 200;
  const server: Server = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/status`,
    setStatus: (next) => (status = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on: connections to it are refused at once, like a dead Redis. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Asserts a value is a latency as the design reports it: a non-negative number with 0.1 ms resolution. */
export function expectLatency(value: unknown): void {
  expect(typeof value).toBe('number');
  expect(value as number).toBeGreaterThanOrEqual(0);
  expect(Math.round((value as number) * 10) / 10).toBe(value);
}
