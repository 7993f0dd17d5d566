import 'reflect-metadata';
import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';

export type Platform = 'express' | 'fastify';
export const PLATFORMS: Platform[] = ['express', 'fastify'];

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface RunningApp {
  readonly app: INestApplication;
  readonly url: string;
  get(path: string, init?: RequestInit): Promise<HttpAnswer>;
  close(): Promise<void>;
}

export function createAdapter(platform: Platform) {
  return platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
}

/** Boots a real Nest 11 app the way a Nest 11 user's e2e test does (@nestjs/testing), on loopback port 0. */
export async function startApp(platform: Platform, metadata: ModuleMetadata): Promise<RunningApp> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const app = moduleRef.createNestApplication(createAdapter(platform), { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    get: (path, init) => request(`${url}${path}`, init),
    close: () => app.close(),
  };
}

export async function request(url: string, init?: RequestInit): Promise<HttpAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}
