import { describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { LazyModuleLoader } from '@nestjs/core';
import { HealthCheck, HealthModule, HealthRegistry } from '../../src/index.js';
import { PLATFORMS } from '../support/http-app.js';
import { bootError, withApp } from './core-boot.js';

@Injectable()
class ReportsStore {
  healthy = false;

  @HealthCheck({ name: 'reports_store' })
  ping() {
    return this.healthy;
  }
}

@Module({ providers: [ReportsStore] })
class ReportsModule {}

@Injectable()
class Always {
  @HealthCheck({ name: 'database' })
  ping() {
    return true;
  }
}

describe.each(PLATFORMS)('checks that come late or are named oddly, on %s', (platform) => {
  it('discovers the checks of a module loaded later with LazyModuleLoader, as if they had been there at boot', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot()], providers: [Always] }, async (app) => {
      expect((await app.get('/health/ready')).status).toBe(200);
      const moduleRef = await app.app.get(LazyModuleLoader).load(() => ReportsModule);
      const ready = await app.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(Object.keys(ready.json().checks)).toEqual(['database', 'reports_store']);
      expect(app.app.get(HealthRegistry).names()).toEqual(['database', 'reports_store']);
      moduleRef.get(ReportsStore).healthy = true;
      expect((await app.get('/health/ready')).status).toBe(200);
      // loading it again adds nothing twice
      await app.app.get(LazyModuleLoader).load(() => ReportsModule);
      expect(app.app.get(HealthRegistry).names()).toEqual(['database', 'reports_store']);
    });
  });

  it('refuses a check named __proto__ at registration, with a sentence', async () => {
    @Injectable()
    class Odd {
      @HealthCheck({ name: '__proto__' })
      ping() {
        return false;
      }
    }
    const error = await bootError(platform, { imports: [HealthModule.forRoot()], providers: [Odd] });
    expect(error.message).toBe('HealthCheck "__proto__" on Odd.ping: "__proto__" cannot name a check (it is not a plain key in JSON bodies); choose another name');
  });

  it('keeps a detail named __proto__ as a key of the body', async () => {
    @Injectable()
    class Details {
      @HealthCheck({ name: 'config' })
      ping() {
        return JSON.parse('{"__proto__": {"polluted": true}, "version": 3}') as Record<string, unknown>;
      }
    }
    await withApp(platform, { imports: [HealthModule.forRoot()], providers: [Details] }, async (app) => {
      const answer = await app.get('/health/ready');
      expect(answer.text).toContain('"__proto__":{"polluted":true}');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  it('refuses interval on a deep-only check (probes: []), which would poll for no probe', async () => {
    @Injectable()
    class Poller {
      @HealthCheck({ name: 'warehouse', probes: [], interval: 1000 })
      ping() {
        return true;
      }
    }
    const error = await bootError(platform, { imports: [HealthModule.forRoot()], providers: [Poller] });
    expect(error.message).toBe(
      'HealthCheck "warehouse" on Poller.ping: interval on a deep-only check (probes: []) would poll in the background for no probe, and deep runs every check fresh anyway; remove interval, or list the probes it serves',
    );
  });

  it('refuses HealthModule imported twice with one sentence', async () => {
    @Module({ imports: [HealthModule.forRoot()] })
    class FeatureModule {}
    const error = await bootError(platform, { imports: [HealthModule.forRoot(), FeatureModule] });
    expect(error.message).toBe(
      'HealthModule is imported 2 times in this application; import HealthModule.forRoot() once, in the root module (it is global, so every module can inject HealthService and HealthRegistry)',
    );
  });
});
