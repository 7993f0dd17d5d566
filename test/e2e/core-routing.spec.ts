import { describe, expect, it } from '@jest/globals';
import {
  type ArgumentsHost,
  type CallHandler,
  type CanActivate,
  Catch,
  Controller,
  type ExceptionFilter,
  type ExecutionContext,
  Get,
  HttpException,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  VersioningType,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, HttpAdapterHost, Reflector } from '@nestjs/core';
import { map, type Observable } from 'rxjs';
import { HealthCheck, HealthModule, HealthTokenGuard } from '../../src/index.js';
import { PLATFORMS } from '../support/http-app.js';
import { rawGet, rawRequest } from '../support/raw-http.js';
import { CapturingLogger, withApp } from './core-boot.js';

@Injectable()
class Toggle {
  healthy = true;

  @HealthCheck({ name: 'database' })
  ping() {
    return this.healthy;
  }
}

@Controller('things')
class ThingsController {
  @Get()
  list() {
    return ['a', 'b'];
  }

  @Get('boom')
  boom() {
    throw new HttpException('teapot', 418);
  }
}

@Controller({ path: 'things', version: '1' })
class VersionedThingsController {
  @Get()
  list() {
    return ['v1'];
  }
}

const IS_PUBLIC = 'isPublic';
const Public = () => SetMetadata(IS_PUBLIC, true);

/** The app's own global auth guard: lets through routes marked @Public() and requests with the user's token. */
@Injectable()
class AppAuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    return context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers.authorization === 'Bearer user';
  }
}

@Catch()
class ReshapingFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), { wrapped: true, status }, status);
  }
}

@Injectable()
class EnvelopeInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((data: unknown) => ({ data })));
  }
}

@Injectable()
class RejectingGuard implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

/** `"<status> <cache-control>"`, to prove a route answers and is never cached in one assertion. */
const answerOf = async (app: { get(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers }> }, path: string, init?: RequestInit) => {
  const answer = await app.get(path, init);
  return `${answer.status} ${answer.headers.get('cache-control')}`;
};

const statusOf = async (app: { get(path: string, init?: RequestInit): Promise<{ status: number }> }, path: string, init?: RequestInit) =>
  (await app.get(path, init)).status;

describe.each(PLATFORMS)('health routes on %s', (platform) => {
  it('serves configurable path and sub-paths', async () => {
    const health = HealthModule.forRoot({
      path: 'status',
      routes: { live: 'livez', ready: 'readyz', startup: 'startupz', deep: 'diagnostics' },
      deep: { public: true },
    });
    await withApp(platform, { imports: [health], providers: [Toggle] }, async (app) => {
      expect(await answerOf(app, '/status/livez')).toBe('200 no-store');
      expect((await app.get('/status/readyz')).json().checks.database.healthy).toBe(true);
      expect(await statusOf(app, '/status/startupz')).toBe(200);
      expect(await statusOf(app, '/status/diagnostics')).toBe(200);
      expect(await statusOf(app, '/health/live')).toBe(404);
    });
    await withApp(platform, { imports: [HealthModule.forRoot({ path: '', routes: { live: 'livez', ready: 'readyz' } })] }, async (app) => {
      expect(await answerOf(app, '/livez')).toBe('200 no-store');
      expect(await statusOf(app, '/readyz')).toBe(200);
      expect(await statusOf(app, '/startup')).toBe(200);
    });
  });

  it('stays unversioned when the app enables versioning', async () => {
    const metadata = { imports: [HealthModule.forRoot()], controllers: [VersionedThingsController] };
    await withApp(
      platform,
      metadata,
      async (app) => {
        expect(await answerOf(app, '/health/live')).toBe('200 no-store');
        expect(await answerOf(app, '/health/ready')).toBe('200 no-store');
        expect(await statusOf(app, '/v1/things')).toBe(200);
      },
      (app) => void app.enableVersioning(),
    );
    await withApp(
      platform,
      metadata,
      async (app) => {
        expect(await statusOf(app, '/health/live')).toBe(200);
        expect(await statusOf(app, '/health/live', { headers: { 'x-api-version': '1' } })).toBe(200);
      },
      (app) => void app.enableVersioning({ type: VersioningType.HEADER, header: 'X-API-Version', defaultVersion: '1' }),
    );
  });

  it('moves under setGlobalPrefix, and stays at /health with { exclude: ["health/*path"] }, logging the URLs it serves', async () => {
    const metadata = { imports: [HealthModule.forRoot()], controllers: [ThingsController] };
    const prefixedLog = new CapturingLogger();
    await withApp(
      platform,
      metadata,
      async (app) => {
        expect(await answerOf(app, '/api/health/live')).toBe('200 no-store');
        expect(await statusOf(app, '/health/live')).toBe(404);
        expect(prefixedLog.logs).toContain(
          'Health probes: live /api/health/live, ready /api/health/ready, startup /api/health/startup',
        );
      },
      (app) => {
        app.useLogger(prefixedLog);
        app.setGlobalPrefix('api');
      },
    );
    const excludedLog = new CapturingLogger();
    await withApp(
      platform,
      metadata,
      async (app) => {
        expect(excludedLog.logs).toContain('Health probes: live /health/live, ready /health/ready, startup /health/startup');
        for (const probe of ['live', 'ready', 'startup']) {
          const answer = await app.get(`/health/${probe}`);
          expect(answer.status).toBe(200);
          expect(answer.headers.get('cache-control')).toBe('no-store');
        }
        expect(await statusOf(app, '/api/health/live')).toBe(404);
        expect(await statusOf(app, '/api/things')).toBe(200);
      },
      (app) => {
        app.useLogger(excludedLog);
        app.setGlobalPrefix('api', { exclude: ['health/*path'] });
      },
    );
  });

  const withAuth = (health: ReturnType<typeof HealthModule.forRoot>) => ({
    imports: [health],
    controllers: [ThingsController],
    providers: [{ provide: APP_GUARD, useClass: AppAuthGuard }],
  });

  describe('with a global auth guard that honours @Public()', () => {

    it('blocks the probes unless the app\'s decorators are given', async () => {
      await withApp(platform, withAuth(HealthModule.forRoot()), async (app) => {
        expect(await statusOf(app, '/health/live')).toBe(403);
      });
    });

    it('applies decorators to the public routes only, never to deep', async () => {
      await withApp(platform, withAuth(HealthModule.forRoot({ decorators: [Public()], deep: { public: true } })), async (app) => {
        expect(await statusOf(app, '/health/live')).toBe(200);
        expect(await statusOf(app, '/health/ready')).toBe(200);
        expect(await statusOf(app, '/health/startup')).toBe(200);
        expect(await statusOf(app, '/health/deep')).toBe(403);
        expect(await statusOf(app, '/health/deep', { headers: { authorization: 'Bearer user' } })).toBe(200);
        expect(await statusOf(app, '/things')).toBe(403);
      });
    });

    it('applies deep.decorators to deep', async () => {
      await withApp(platform, withAuth(HealthModule.forRoot({ deep: { public: true, decorators: [Public()] } })), async (app) => {
        expect(await statusOf(app, '/health/deep')).toBe(200);
        expect(await statusOf(app, '/health/live')).toBe(403);
      });
    });
  });

  it('sends Cache-Control: no-store on 200, 503, 401, 403 and 404, for GET and HEAD', async () => {
    const seen: string[] = [];
    const expectNoStore = async (app: { get(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers }> }, path: string, status: number, init: RequestInit = {}) => {
      for (const method of ['GET', 'HEAD']) {
        const answer = await app.get(path, { ...init, method });
        expect([method, path, answer.status, answer.headers.get('cache-control')]).toEqual([method, path, status, 'no-store']);
      }
      seen.push(String(status));
    };
    await withApp(platform, { imports: [HealthModule.forRoot({ token: 't0ken', deep: { guards: [HealthTokenGuard] } })], providers: [Toggle] }, async (app) => {
      await expectNoStore(app, '/health/ready', 200);
      app.app.get(Toggle).healthy = false;
      await expectNoStore(app, '/health/ready', 503);
      await expectNoStore(app, '/health/deep', 401);
      await expectNoStore(app, '/health/deep', 503, { headers: { authorization: 'Bearer t0ken' } });
    });
    await withApp(platform, { imports: [HealthModule.forRoot({ deep: { guards: [RejectingGuard] } })] }, async (app) => {
      await expectNoStore(app, '/health/deep', 403);
    });
    await withApp(platform, { imports: [HealthModule.forRoot()] }, async (app) => {
      await expectNoStore(app, '/health/deep', 404);
    });
    expect(seen).toEqual(['200', '503', '401', '503', '403', '404']);
  });

  it('sends no-store on every answer under the health path (an app-wide guard\'s 403, unknown methods and sub-paths), and only there', async () => {
    await withApp(platform, withAuth(HealthModule.forRoot()), async (app) => {
      const answers = await Promise.all(
        [
          ['GET', '/health/live'],
          ['POST', '/health/ready'],
          ['DELETE', '/health'],
          ['GET', '/health/../health/nope'],
          ['GET', '/health/nope?x=1'],
          ['GET', '/things'],
          ['GET', '/healthz'],
        ].map(async ([method, path]) => {
          const answer = await app.get(path, { method });
          return [method, path, answer.status, answer.headers.get('cache-control')];
        }),
      );
      expect(answers).toEqual([
        ['GET', '/health/live', 403, 'no-store'],
        ['POST', '/health/ready', 404, 'no-store'],
        ['DELETE', '/health', 404, 'no-store'],
        ['GET', '/health/../health/nope', 404, 'no-store'],
        ['GET', '/health/nope?x=1', 404, 'no-store'],
        ['GET', '/things', 403, null],
        ['GET', '/healthz', 404, null],
      ]);
    });
    await withApp(platform, { imports: [HealthModule.forRoot()] }, async (app) => {
      for (const [method, path] of [['POST', '/health/ready'], ['PUT', '/health/live'], ['GET', '/health/unknown']]) {
        const answer = await app.get(path, { method });
        expect([method, path, answer.status, answer.headers.get('cache-control')]).toEqual([method, path, 404, 'no-store']);
      }
    });
  });

  it('answers HEAD on every GET route with the GET status and no body', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot({ deep: { public: true } })], providers: [Toggle] }, async (app) => {
      app.app.get(Toggle).healthy = false;
      for (const [probe, status] of [['live', 200], ['ready', 503], ['startup', 200], ['deep', 503]] as const) {
        const head = await app.get(`/health/${probe}`, { method: 'HEAD' });
        expect([probe, head.status]).toEqual([probe, status]);
        expect(head.text).toBe('');
      }
    });
  });

  it('keeps health bodies out of the app\'s global exception filter and response-mapping interceptor', async () => {
    await withApp(
      platform,
      {
        imports: [HealthModule.forRoot({ version: '1.0.0', deep: { public: true } })],
        controllers: [ThingsController],
        providers: [Toggle, { provide: APP_FILTER, useClass: ReshapingFilter }, { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor }],
      },
      async (app) => {
        // the app's own routes show that both are in force
        expect((await app.get('/things')).json()).toEqual({ data: ['a', 'b'] });
        expect((await app.get('/things/boom')).json()).toEqual({ wrapped: true, status: 418 });

        const live = await app.get('/health/live');
        expect(live.status).toBe(200);
        expect(live.json()).toEqual({ status: 'alive', version: '1.0.0', uptime_seconds: expect.any(Number) });
        const ready = await app.get('/health/ready');
        expect(ready.json()).toMatchObject({ status: 'ready', checks: { database: { healthy: true } } });

        app.app.get(Toggle).healthy = false;
        for (const path of ['/health/ready', '/health/deep']) {
          const failing = await app.get(path);
          expect(failing.status).toBe(503);
          expect(failing.json()).toMatchObject({ status: 'not_ready', checks: { database: { healthy: false } } });
          expect(failing.json()).not.toHaveProperty('data');
          expect(failing.json()).not.toHaveProperty('wrapped');
        }
      },
    );
  });

  it('sends no-store for letter-case variants a router serves and for absolute-form request targets', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot()], providers: [Toggle] }, async (app) => {
      const port = Number(new URL(app.url).port);
      for (const target of ['/HEALTH/READY', '/Health/Live', `http://127.0.0.1:${port}/health/ready`, `HTTP://127.0.0.1:${port}/health/startup?x=1`]) {
        const answer = await rawRequest(port, rawGet(target));
        // Express routes a case variant, Fastify does not: either way the answer carries no-store
        expect([target, answer.status > 0, answer.headers['cache-control']]).toEqual([target, true, 'no-store']);
      }
      const other = await rawRequest(port, rawGet(`http://127.0.0.1:${port}/things`));
      expect(other.headers['cache-control']).toBeUndefined();
    });
  });

  it('logs each probe URL the app answers on when only some routes are excluded from the global prefix', async () => {
    const logger = new CapturingLogger();
    await withApp(
      platform,
      { imports: [HealthModule.forRoot({ deep: { public: true } })], providers: [Toggle] },
      async (app) => {
        const line = logger.logs.find((entry) => entry.startsWith('Health probes:'));
        expect(line).toBe('Health probes: live /health/live, ready /api/health/ready, startup /api/health/startup, deep /health/deep');
        for (const url of line!.replace('Health probes: ', '').split(', ').map((entry) => entry.split(' ')[1])) {
          expect([url, (await app.get(url)).status]).toEqual([url, 200]);
        }
      },
      (app) => {
        app.useLogger(logger);
        app.setGlobalPrefix('api', { exclude: ['health/live', 'health/deep'] });
      },
    );
  });
});
