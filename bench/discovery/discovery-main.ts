import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { HealthModule, HealthRegistry } from 'nestjs-health';
import type { ChildMessage } from '../lib/child-protocol.js';
import { median, round } from '../lib/stats.js';
import { featureModules, METHODS_PER_PROVIDER, type AppShape } from './generated-app.js';

export interface DiscoveryResult {
  readonly providers: number;
  readonly methodsPerProvider: number;
  readonly decorated: number;
  readonly checksFound: number;
  readonly rounds: number;
  readonly withoutModuleMs: readonly number[];
  readonly withModuleMs: readonly number[];
  readonly medianWithoutMs: number;
  readonly medianWithMs: number;
  readonly addedMs: number;
}

function rootModule(features: DynamicModule[], withHealth: boolean): Type<unknown> {
  @Module({ imports: withHealth ? [...features, HealthModule.forRoot({ logger: false })] : features })
  class RootModule {}
  return RootModule;
}

/** Boot time (create + init, no listen) of one app, after a full collection so earlier boots' garbage is not billed. */
async function bootMs(root: Type<unknown>, inspect?: (app: INestApplication) => void): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const started = performance.now();
  const app = await NestFactory.create(root, new FastifyAdapter(), { logger: false, abortOnError: false });
  await app.init();
  const elapsed = performance.now() - started;
  inspect?.(app);
  await app.close();
  return elapsed;
}

/** Boots the same app with and without HealthModule, alternating (ABBA) so drift hits both alike. */
async function measure(shape: AppShape, rounds: number): Promise<DiscoveryResult> {
  const features = featureModules(shape);
  const without = rootModule(features, false);
  const withHealth = rootModule(features, true);
  let checksFound = 0;
  await bootMs(without);
  await bootMs(withHealth, (app) => (checksFound = app.get(HealthRegistry).names().length));
  const withoutModuleMs: number[] = [];
  const withModuleMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [false, true] : [true, false];
    for (const health of order) {
      const ms = await bootMs(health ? withHealth : without);
      (health ? withModuleMs : withoutModuleMs).push(round(ms, 1));
    }
  }
  const medianWithoutMs = round(median(withoutModuleMs), 1);
  const medianWithMs = round(median(withModuleMs), 1);
  return {
    providers: shape.providers,
    methodsPerProvider: METHODS_PER_PROVIDER,
    decorated: shape.decorated,
    checksFound,
    rounds,
    withoutModuleMs,
    withModuleMs,
    medianWithoutMs,
    medianWithMs,
    addedMs: round(medianWithMs - medianWithoutMs, 1),
  };
}

const [providers, decorated, rounds] = process.argv.slice(2).map(Number);
process.on('disconnect', () => process.exit(0));
measure({ providers, decorated, modules: Math.max(1, Math.round(providers / 100)) }, rounds).then(
  (data) => process.send?.({ type: 'result', data } satisfies ChildMessage),
  (error: unknown) => process.send?.({ type: 'failed', error: error instanceof Error ? (error.stack ?? String(error)) : String(error) } satisfies ChildMessage),
);
