import 'reflect-metadata';
import { type INestApplication, type ModuleMetadata, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

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
  get(path: string, init?: RequestInit): Promise<HttpAnswer>;
  close(): Promise<void>;
}

export function createAdapter(platform: Platform) {
  return platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
}

/** Boots a real Nest 11 app on loopback port 0; requests go over real HTTP. */
export async function startApp(platform: Platform, metadata: ModuleMetadata): Promise<RunningApp> {
  @Module(metadata)
  class Nest11TestModule {}
  const app = await NestFactory.create(Nest11TestModule, createAdapter(platform), { logger: false, abortOnError: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return {
    app,
    get: (path, init) => request(`http://127.0.0.1:${port}${path}`, init),
    close: () => app.close(),
  };
}

export async function request(url: string, init?: RequestInit): Promise<HttpAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}
