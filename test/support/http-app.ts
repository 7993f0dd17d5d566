import 'reflect-metadata';
import type { INestApplication, ModuleMetadata, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

export type Platform = 'fastify' | 'express';
export const PLATFORMS: Platform[] = ['fastify', 'express'];

export interface RunningApp {
  readonly app: INestApplication;
  readonly url: string;
  get(path: string, init?: RequestInit): Promise<HttpAnswer>;
  close(): Promise<void>;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** parsed JSON body (throws if the body is not JSON) */
  json<T = Record<string, any>>(): T;
}

export function createAdapter(platform: Platform) {
  return platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
}

/** Boots a real Nest app on a real port (loopback, port 0) with the given module metadata. */
export async function startApp(
  platform: Platform,
  metadata: ModuleMetadata | Type<unknown>,
  configure?: (app: INestApplication) => void | Promise<void>,
): Promise<RunningApp> {
  const root =
    typeof metadata === 'function'
      ? metadata
      : (() => {
          @Module(metadata)
          class TestAppModule {}
          return TestAppModule;
        })();
  const app = await NestFactory.create(root, createAdapter(platform), { logger: false, abortOnError: false });
  await configure?.(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
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
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}
