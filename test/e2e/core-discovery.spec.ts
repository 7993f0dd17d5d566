import { describe, expect, it } from '@jest/globals';
import { Controller, type DynamicModule, Global, Inject, Injectable, Module, Scope } from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import { HealthCheck, HealthModule } from '../../src/index.js';
import { PLATFORMS } from '../support/http-app.js';
import { bootError, withApp } from './core-boot.js';

@Injectable({ scope: Scope.REQUEST })
class RequestScopedRepository {
  @HealthCheck()
  ping() {
    return true;
  }
}

@Injectable({ scope: Scope.TRANSIENT })
class TransientClient {
  @HealthCheck()
  probe() {
    return true;
  }
}

/** Request-scoped by inheritance: it injects REQUEST. */
@Injectable()
class TenantRepository {
  constructor(@Inject(REQUEST) readonly request: unknown) {}

  @HealthCheck()
  ping() {
    return true;
  }
}

@Injectable()
class UsersRepository {
  @HealthCheck({ name: 'database' })
  ping() {
    return true;
  }
}

@Injectable()
class OrdersRepository {
  @HealthCheck({ name: 'database' })
  check() {
    return true;
  }
}

@Injectable()
class CountingDatabase {
  calls = 0;

  @HealthCheck({ name: 'database' })
  ping() {
    this.calls += 1;
    return { calls: this.calls };
  }
}

/** Not a provider class itself: only ever created by a factory or given as a value. */
class PoolHealth {
  constructor(readonly label: string) {}

  @HealthCheck({ name: 'pool' })
  ping() {
    return { label: this.label };
  }
}

class BucketHealth {
  @HealthCheck({ name: 'bucket' })
  ping() {
    return { ok: 1 };
  }
}

class ConnectionHealth {
  @HealthCheck({ name: 'connection' })
  ping() {
    return true;
  }
}

@Injectable()
class DeepestRepository {
  calls = 0;

  @HealthCheck({ name: 'deepest' })
  ping() {
    this.calls += 1;
    return true;
  }
}

@Module({ providers: [DeepestRepository] })
class LevelThreeModule {}

@Module({ imports: [LevelThreeModule] })
class LevelTwoModule {}

@Module({ imports: [LevelTwoModule] })
class LevelOneModule {}

@Injectable()
class StorageHealth {
  constructor(@Inject('STORAGE_BUCKET') private readonly bucket: string) {}

  @HealthCheck({ name: 'storage' })
  ping() {
    return { bucket: this.bucket };
  }
}

@Module({})
class StorageModule {
  static register(bucket: string): DynamicModule {
    return { module: StorageModule, providers: [{ provide: 'STORAGE_BUCKET', useValue: bucket }, StorageHealth] };
  }
}

@Injectable()
class GlobalQueueHealth {
  @HealthCheck({ name: 'queue' })
  ping() {
    return true;
  }
}

@Global()
@Module({ providers: [GlobalQueueHealth], exports: [GlobalQueueHealth] })
class QueueModule {}

@Controller('orders')
class OrdersController {
  @HealthCheck({ name: 'orders_controller' })
  ping() {
    return true;
  }
}

describe.each(PLATFORMS)('check discovery on %s', (platform) => {
  it('fails boot for a request-scoped provider, naming the class and the method', async () => {
    const error = await bootError(platform, { imports: [HealthModule.forRoot()], providers: [RequestScopedRepository] });
    expect(error.message).toBe(
      '@HealthCheck on RequestScopedRepository.ping: the provider is request-scoped, so there is no single instance to call; make it a default-scoped (singleton) provider or move the check to one',
    );
  });

  it('fails boot for a transient provider, naming the class and the method', async () => {
    const error = await bootError(platform, { imports: [HealthModule.forRoot()], providers: [TransientClient] });
    expect(error.message).toContain('@HealthCheck on TransientClient.probe: the provider is transient-scoped');
  });

  it('fails boot for a provider that is request-scoped because it injects REQUEST', async () => {
    const error = await bootError(platform, { imports: [HealthModule.forRoot()], providers: [TenantRepository] });
    expect(error.message).toContain('@HealthCheck on TenantRepository.ping: the provider is request-scoped');
  });

  it('fails boot for duplicate names, naming both places', async () => {
    const error = await bootError(platform, { imports: [HealthModule.forRoot()], providers: [UsersRepository, OrdersRepository] });
    expect(error.message).toMatch(/^HealthCheck "database" is declared twice, on (UsersRepository\.ping and on OrdersRepository\.check|OrdersRepository\.check and on UsersRepository\.ping); give one of them another name with @HealthCheck\(\{ name \}\)$/);
  });

  it('fails boot for one class provided in two modules, saying so', async () => {
    @Module({ providers: [UsersRepository] })
    class AccountsModule {}
    @Module({ providers: [UsersRepository] })
    class BillingModule {}
    const error = await bootError(platform, { imports: [HealthModule.forRoot(), AccountsModule, BillingModule] });
    expect(error.message).toContain('HealthCheck "database" is declared twice, on UsersRepository.ping of two different instances');
    expect(error.message).toContain('provide it in one module and export it');
  });

  it('fails boot for an invalid option, naming the class and method, the rule and the value', async () => {
    @Injectable()
    class BadTimeout {
      @HealthCheck({ timeout: -5 })
      ping() {
        return true;
      }
    }
    const error = await bootError(platform, { imports: [HealthModule.forRoot()], providers: [BadTimeout] });
    expect(error.message).toBe('HealthCheck "ping" on BadTimeout.ping: timeout must be a positive number of ms, got -5');
  });

  it('does not count alias providers (useExisting) as a second check', async () => {
    await withApp(
      platform,
      {
        imports: [HealthModule.forRoot()],
        providers: [CountingDatabase, { provide: 'DATABASE_ALIAS', useExisting: CountingDatabase }],
      },
      async (app) => {
        const ready = await app.get('/health/ready');
        expect(ready.status).toBe(200);
        expect(Object.keys(ready.json().checks)).toEqual(['database']);
        expect(app.app.get(CountingDatabase).calls).toBe(1);
      },
    );
  });

  it('discovers factory-provided and value-provided instances through their prototype', async () => {
    await withApp(
      platform,
      {
        imports: [HealthModule.forRoot()],
        providers: [
          { provide: 'POOL', useFactory: () => new PoolHealth('primary') },
          { provide: 'BUCKET', useFactory: async () => new BucketHealth() },
          { provide: 'CONNECTION', useValue: new ConnectionHealth() },
        ],
      },
      async (app) => {
        const { checks } = (await app.get('/health/ready')).json();
        expect(checks).toMatchObject({ pool: { healthy: true, label: 'primary' }, bucket: { healthy: true, ok: 1 }, connection: { healthy: true } });
      },
    );
  });

  it('discovers checks in modules imported several levels deep, dynamic and global modules, and controllers, without calling them at boot', async () => {
    await withApp(
      platform,
      {
        imports: [HealthModule.forRoot(), LevelOneModule, StorageModule.register('invoices'), QueueModule],
        controllers: [OrdersController],
      },
      async (app) => {
        expect(app.app.get(DeepestRepository).calls).toBe(0);
        const { checks } = (await app.get('/health/ready')).json();
        expect(Object.keys(checks).sort()).toEqual(['deepest', 'orders_controller', 'queue', 'storage']);
        expect(checks.storage).toMatchObject({ healthy: true, bucket: 'invoices' });
        expect(app.app.get(DeepestRepository).calls).toBe(1);
      },
    );
  });
});
