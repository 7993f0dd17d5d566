import { type CanActivate, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createServer, type Server } from 'node:net';
import { Registry } from 'prom-client';
import { HealthModule, HealthTokenGuard, type HealthStaticOptions } from '../../src/index.js';
import { createAdapter, PLATFORMS } from '../support/http-app.js';
import { RecordingLogger } from '../lifecycle/lifecycle-support.js';
import { bootKind, ProbedChecks, TOKEN, type RunningKind } from './support/probe-apps.js';

@Injectable()
class OperatorsOnly implements CanActivate {
  canActivate() {
    return true;
  }
}

const running: RunningKind[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

async function boot(kind: Parameters<typeof bootKind>[0], options: Parameters<typeof HealthModule.forRoot>[0], logger?: RecordingLogger): Promise<RunningKind> {
  const app = await bootKind(kind, { imports: [HealthModule.forRoot({ logger: false, ...options })], providers: [ProbedChecks] }, logger ?? false);
  running.push(app);
  return app;
}

async function bootFailure(kind: 'fastify' | 'context', options: Parameters<typeof HealthModule.forRoot>[0]): Promise<Error> {
  try {
    await boot(kind, options);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the app to fail to boot');
}

const status = async (url: string, path: string, headers: Record<string, string> = {}) => (await fetch(`${url}${path}`, { headers })).status;

describe.each(PLATFORMS)('routes of an HTTP app on %s with the probe server', (platform) => {
  it('moves live, ready and startup off the app\'s own server, keeping the probes of mountOnApp there too', async () => {
    const moved = await boot(platform, { server: { port: 0 } });
    for (const path of ['/health/live', '/health/ready', '/health/startup']) {
      expect({ path, app: await status(moved.appUrl!, path), probe: await status(moved.probeUrl, path) }).toEqual({ path, app: 404, probe: 200 });
    }
    const kept = await boot(platform, { server: { port: 0, mountOnApp: ['ready'] } });
    expect(await status(kept.appUrl!, '/health/ready')).toBe(200);
    expect(await status(kept.appUrl!, '/health/live')).toBe(404);
    expect(await status(kept.probeUrl, '/health/ready')).toBe(200);
  });

  it('keeps deep on the app behind its guards (not on the probe server), and serves it on the probe server otherwise', async () => {
    const guarded = await boot(platform, { server: { port: 0 }, deep: { guards: [OperatorsOnly] }, token: TOKEN });
    expect(await status(guarded.appUrl!, '/health/deep')).toBe(200);
    expect(await status(guarded.probeUrl, '/health/deep', { Authorization: `Bearer ${TOKEN}` })).toBe(404);

    const open = await boot(platform, { server: { port: 0 }, deep: { public: true } });
    expect(await status(open.probeUrl, '/health/deep')).toBe(200);
    expect(await status(open.appUrl!, '/health/deep')).toBe(404);
  });

  it('answers deep with 404 on the probe server when no token is set, and says so once at boot', async () => {
    const logger = new RecordingLogger();
    const app = await boot(platform, { server: { port: 0 } }, logger);
    expect(await status(app.probeUrl, '/health/deep', { Authorization: 'Bearer anything' })).toBe(404);
    expect(logger.matching('/health/deep').map((line) => line.level)).toEqual(['warn']);
    expect(logger.matching('answers 404: no token is set')).toHaveLength(1);
  });

  it('logs where the probes are, once', async () => {
    const logger = new RecordingLogger();
    const app = await boot(platform, { server: { port: 0 }, token: TOKEN }, logger);
    const port = new URL(app.probeUrl).port;
    expect(logger.matching('Health probe server').map((line) => line.message)).toEqual([
      `Health probe server on http://*:${port}: live /health/live, ready /health/ready, startup /health/startup, deep /health/deep (token)`,
    ]);
  });

  it('leaves the moved routes out of the OpenAPI document', async () => {
    @Module({ imports: [HealthModule.forRoot({ server: { port: 0, mountOnApp: ['live'] }, deep: { guards: [HealthTokenGuard] }, token: TOKEN, logger: false })] })
    class DocumentedModule {}
    const app = await NestFactory.create(DocumentedModule, createAdapter(platform), { logger: false });
    try {
      const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
      expect(Object.keys(document.paths).sort()).toEqual(['/health/deep', '/health/live']);
    } finally {
      await app.close();
    }
  });
});

describe('the probe server\'s own boot errors', () => {
  let holder: Server | undefined;
  afterEach(() => holder?.close());

  it('fails the boot naming the port when it is in use', async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder!.listen(0, resolve));
    const port = (holder.address() as { port: number }).port;
    for (const kind of ['fastify', 'context'] as const) {
      const error = await bootFailure(kind, { server: { port } });
      expect(error.message).toBe(
        `HealthModule: the probe server cannot listen on port ${port}: the port is in use; choose another server.port (or HEALTH_PORT), or stop what holds it`,
      );
      const threaded = await bootFailure(kind, { server: { port, thread: true } });
      expect(threaded.message).toBe(error.message);
    }
  });

  it('fails the boot of an app without an HTTP server that asks for deep guards, saying what to do instead', async () => {
    const error = await bootFailure('context', { server: { port: 0 }, deep: { guards: [OperatorsOnly] } });
    expect(error.message).toMatch(/^HealthModule: deep\.guards are Nest guards and need the app's own HTTP server, but this app has none/);
  });

  it('refuses server options at module definition, before anything listens', () => {
    expect(() => HealthModule.forRoot({ server: { port: 9000, thread: true, answerWithinMs: 1500 } } as HealthStaticOptions)).toThrow(
      'HealthModule: server.answerWithinMs must be below 1000 ms',
    );
  });
});

describe('/metrics on the probe server', () => {
  it('serves the module\'s registry as prom-client text with server.metrics, in every kind of app, and nothing without it', async () => {
    for (const kind of ['fastify', 'context'] as const) {
      const registry = new Registry();
      const app = await boot(kind, { server: { port: 0, metrics: true }, metrics: { registry } });
      await fetch(`${app.probeUrl}/health/ready`);
      const answer = await fetch(`${app.probeUrl}/metrics`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe(registry.contentType);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const text = await answer.text();
      expect(text).toContain('health_check_status{check="database"} 1');
      expect(text).toContain('health_ready 1');
    }
    const without = await boot('context', { server: { port: 0 } });
    expect(await status(without.probeUrl, '/metrics')).toBe(404);
  });

  it('fails the scrape, not the probe server, when collecting a metric throws', async () => {
    const registry = new Registry();
    registry.registerMetric({
      name: 'app_broken',
      get: () => Promise.reject(new Error('collector exploded: secret')),
      reset: () => undefined,
    } as never);
    const logger = new RecordingLogger();
    const app = await boot('context', { server: { port: 0, metrics: true }, metrics: { registry } }, logger);
    const answer = await fetch(`${app.probeUrl}/metrics`);
    expect({ status: answer.status, body: await answer.text() }).toEqual({ status: 503, body: 'metrics unavailable\n' });
    expect(logger.matching('/metrics could not be collected').map((line) => line.level)).toEqual(['error']);
    expect(await status(app.probeUrl, '/health/live')).toBe(200);
  });
});
