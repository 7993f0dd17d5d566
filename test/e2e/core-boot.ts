import type { INestApplication, LoggerService, ModuleMetadata } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createAdapter, startApp, type Platform, type RunningApp } from '../support/http-app.js';

/** Boots an app, runs the test against it and closes it, also when the test fails. */
export async function withApp<T>(
  platform: Platform,
  metadata: ModuleMetadata,
  test: (app: RunningApp) => Promise<T>,
  configure?: (app: INestApplication) => void | Promise<void>,
): Promise<T> {
  const app = await startApp(platform, metadata, configure);
  try {
    return await test(app);
  } finally {
    await app.close();
  }
}

/** The error an app fails to boot with (create or init); fails the test when it boots. */
export async function bootError(platform: Platform, metadata: ModuleMetadata): Promise<Error> {
  @Module(metadata)
  class FailingAppModule {}
  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(FailingAppModule, createAdapter(platform), { logger: false, abortOnError: false });
    await app.init();
  } catch (error) {
    return error as Error;
  } finally {
    await app?.close().catch(() => undefined);
  }
  throw new Error('expected the application to fail to boot, but it booted');
}

/** The file:line:column of a stack frame, as in "at UsersRepository.ping (/app/dist/users.js:12:7)". */
export const STACK_FRAME = /(\.[cm]?[jt]s|node:[\w/]+):\d+:\d+/;

/** Collects what the app logs, to see the boot messages; pass it to `app.useLogger()`. */
export class CapturingLogger implements LoggerService {
  readonly logs: string[] = [];
  readonly warnings: string[] = [];
  log(message: unknown): void {
    this.logs.push(String(message));
  }
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
  error(): void {}
}
