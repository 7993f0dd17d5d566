import { Injectable, Module, type DynamicModule, type Type } from '@nestjs/common';
import { HealthCheck } from 'nestjs-health';

export interface AppShape {
  readonly providers: number;
  readonly decorated: number;
  readonly modules: number;
}

export const METHODS_PER_PROVIDER = 5;

/** A provider like any repository: five methods, one of them a health check on every n-th provider. */
function providerClass(index: number, decorated: boolean): Type<unknown> {
  const provider = class {
    find(id: number) {
      return { id, index };
    }
    findAll() {
      return [index];
    }
    create(value: unknown) {
      return value;
    }
    update(value: unknown) {
      return value;
    }
    ping() {
      return true;
    }
  };
  Object.defineProperty(provider, 'name', { value: `Repository${index}` });
  Injectable()(provider);
  if (decorated) {
    const descriptor = Object.getOwnPropertyDescriptor(provider.prototype, 'ping') as PropertyDescriptor;
    HealthCheck({ name: `repository_${index}`, ttl: 1000 })(provider.prototype, 'ping', descriptor);
  }
  return provider;
}

/** Feature modules holding `providers` providers between them, `decorated` of which carry a @HealthCheck. */
export function featureModules(shape: AppShape): DynamicModule[] {
  const every = Math.max(1, Math.floor(shape.providers / Math.max(1, shape.decorated)));
  const perModule = Math.ceil(shape.providers / shape.modules);
  const modules: DynamicModule[] = [];
  let decorated = 0;
  for (let m = 0; m < shape.modules; m++) {
    @Module({})
    class FeatureModule {}
    Object.defineProperty(FeatureModule, 'name', { value: `Feature${m}Module` });
    const providers: Type<unknown>[] = [];
    for (let i = m * perModule; i < Math.min(shape.providers, (m + 1) * perModule); i++) {
      const decorate = decorated < shape.decorated && i % every === 0;
      if (decorate) decorated += 1;
      providers.push(providerClass(i, decorate));
    }
    modules.push({ module: FeatureModule, providers, exports: providers });
  }
  return modules;
}
