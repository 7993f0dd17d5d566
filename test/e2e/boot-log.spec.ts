import { describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthModule } from '../../src/index.js';
import { CapturingLogger } from './core-boot.js';

describe('the boot log of an app without an HTTP server', () => {
  it('names no probe URL and no closed deep route: it mounts nothing', async () => {
    @Module({ imports: [HealthModule.forRoot()] })
    class WorkerModule {}
    const logger = new CapturingLogger();
    const app = await NestFactory.createApplicationContext(WorkerModule, { logger });
    await app.init();
    await app.close();
    expect(logger.logs.filter((line) => line.startsWith('Health probes'))).toEqual([]);
    expect(logger.warnings.filter((line) => line.includes('deep health route'))).toEqual([]);
  });
});
