import { describe, expect, it } from '@jest/globals';
import { type CanActivate, type ExecutionContext, Injectable, Module } from '@nestjs/common';
import { HealthCheck, HealthModule, HealthTokenGuard } from '../../src/index.js';
import { PLATFORMS } from '../support/http-app.js';
import { bootError, CapturingLogger, withApp } from './core-boot.js';

@Injectable()
class CountingDatabase {
  calls = 0;

  @HealthCheck({ name: 'database', ttl: 60_000 })
  async ping() {
    this.calls += 1;
    return { calls: this.calls };
  }
}

@Injectable()
class RejectingGuard implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@Injectable()
class AcceptingGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Injectable()
class ApiKeys {
  readonly accepted = new Set(['key-123']);
}

@Module({ providers: [ApiKeys], exports: [ApiKeys] })
class AuthModule {}

/** A guard with its own injected dependency, which only AuthModule provides. */
@Injectable()
class ApiKeyGuard implements CanActivate {
  constructor(private readonly keys: ApiKeys) {}

  canActivate(context: ExecutionContext): boolean {
    const key = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers['x-api-key'];
    return key !== undefined && this.keys.accepted.has(key);
  }
}

@Injectable()
class HealthSettings {
  readonly version = '9.9.9';
  readonly exposeErrors = true;
}

@Module({ providers: [HealthSettings], exports: [HealthSettings] })
class SettingsModule {}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe.each(PLATFORMS)('deep route on %s', (platform) => {
  it('does not serve the deep route without deep.guards (a 404 like any unknown path, no-store), and warns once at boot', async () => {
    const logger = new CapturingLogger();
    await withApp(
      platform,
      { imports: [HealthModule.forRoot()], providers: [CountingDatabase] },
      async (app) => {
        const deep = await app.get('/health/deep');
        expect(deep.status).toBe(404);
        expect(deep.headers.get('cache-control')).toBe('no-store');
        expect(app.app.get(CountingDatabase).calls).toBe(0);
        const warning = 'The deep health route /health/deep is not served: no deep.guards are configured.';
        expect(logger.warnings.filter((line) => line.startsWith(warning))).toHaveLength(1);
        expect(logger.logs).toContain('Health probes: live /health/live, ready /health/ready, startup /health/startup');
      },
      (app) => app.useLogger(logger),
    );
  });

  it('answers 403 with a guard that rejects, without running checks', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot({ deep: { guards: [RejectingGuard] } })], providers: [CountingDatabase] }, async (app) => {
      const deep = await app.get('/health/deep');
      expect(deep.status).toBe(403);
      expect(deep.headers.get('cache-control')).toBe('no-store');
      expect(app.app.get(CountingDatabase).calls).toBe(0);
    });
  });

  it('answers 200 with a guard that accepts, given as a class or as an instance', async () => {
    for (const guard of [AcceptingGuard, { canActivate: () => true }]) {
      await withApp(platform, { imports: [HealthModule.forRoot({ deep: { guards: [guard] } })], providers: [CountingDatabase] }, async (app) => {
        const deep = await app.get('/health/deep');
        expect(deep.status).toBe(200);
        expect(deep.json()).toMatchObject({ status: 'ready', checks: { database: { healthy: true } }, system: expect.any(Object) });
      });
    }
  });

  it('serves deep without a guard with deep.public: true', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot({ deep: { public: true } })] }, async (app) => {
      expect((await app.get('/health/deep')).status).toBe(200);
    });
  });

  it('runs every check fresh on deep, bypassing ttl, without replacing what ready reuses', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot({ deep: { public: true } })], providers: [CountingDatabase] }, async (app) => {
      expect((await app.get('/health/ready')).json().checks.database.calls).toBe(1);
      expect((await app.get('/health/ready')).json().checks.database.calls).toBe(1);

      const first = (await app.get('/health/deep')).json().checks.database;
      expect(first).toMatchObject({ calls: 2, cached: false, checked_at: expect.any(String) });
      expect((await app.get('/health/deep')).json().checks.database).toMatchObject({ calls: 3, cached: false });

      expect((await app.get('/health/ready')).json().checks.database.calls).toBe(1);
      expect(app.app.get(CountingDatabase).calls).toBe(3);
    });
  });

  describe('HealthTokenGuard', () => {
    const tokenApp = { imports: [HealthModule.forRoot({ token: 's3cret-token', deep: { guards: [HealthTokenGuard] } })], providers: [CountingDatabase] };

    it('answers 401 with WWW-Authenticate: Bearer for a missing, wrong or non-bearer token', async () => {
      await withApp(platform, tokenApp, async (app) => {
        for (const init of [{}, bearer('wrong'), bearer('s3cret-token-and-more'), { headers: { authorization: 's3cret-token' } }, { headers: { authorization: 'Basic czNjcmV0LXRva2Vu' } }]) {
          const deep = await app.get('/health/deep', init);
          expect(deep.status).toBe(401);
          expect(deep.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
          expect(deep.headers.get('cache-control')).toBe('no-store');
        }
        expect(app.app.get(CountingDatabase).calls).toBe(0);
      });
    });

    it('answers 200 with the right token', async () => {
      await withApp(platform, tokenApp, async (app) => {
        const deep = await app.get('/health/deep', bearer('s3cret-token'));
        expect(deep.status).toBe(200);
        expect(deep.json().checks.database).toMatchObject({ healthy: true });
        expect((await app.get('/health/deep', { headers: { authorization: 'bearer s3cret-token' } })).status).toBe(200);
      });
    });

    it('takes the token from HEALTH_TOKEN', async () => {
      process.env.HEALTH_TOKEN = 'from-env';
      try {
        await withApp(platform, { imports: [HealthModule.forRoot({ deep: { guards: [HealthTokenGuard] } })] }, async (app) => {
          expect((await app.get('/health/deep', bearer('from-env'))).status).toBe(200);
          expect((await app.get('/health/deep', bearer('other'))).status).toBe(401);
        });
      } finally {
        delete process.env.HEALTH_TOKEN;
      }
    });

    it('fails boot when in use with no token', async () => {
      const error = await bootError(platform, { imports: [HealthModule.forRoot({ deep: { guards: [HealthTokenGuard] } })] });
      expect(error.message).toContain('HealthTokenGuard is in use but no token is set');
      expect(error.message).toContain('HEALTH_TOKEN');
    });
  });

  it('resolves a deep guard class whose own dependency comes from a module in forRootAsync({ imports })', async () => {
    await withApp(
      platform,
      {
        imports: [
          HealthModule.forRootAsync({
            imports: [SettingsModule, AuthModule],
            inject: [HealthSettings],
            useFactory: (settings: HealthSettings) => ({ version: settings.version, exposeErrors: settings.exposeErrors }),
            deep: { guards: [ApiKeyGuard] },
          }),
        ],
        providers: [CountingDatabase],
      },
      async (app) => {
        expect((await app.get('/health/deep')).status).toBe(403);
        expect((await app.get('/health/deep', { headers: { 'x-api-key': 'wrong' } })).status).toBe(403);
        const deep = await app.get('/health/deep', { headers: { 'x-api-key': 'key-123' } });
        expect(deep.status).toBe(200);
        expect(deep.json()).toMatchObject({ status: 'ready', version: '9.9.9' });
        expect((await app.get('/health/live')).json().version).toBe('9.9.9');
      },
    );
  });

  it('resolves a deep guard\'s dependency through forRoot({ imports }) too', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot({ imports: [AuthModule], deep: { guards: [ApiKeyGuard] } })] }, async (app) => {
      expect((await app.get('/health/deep', { headers: { 'x-api-key': 'key-123' } })).status).toBe(200);
    });
  });
});
