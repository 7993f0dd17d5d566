import { Inject, Injectable, type OnModuleInit, Scope } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import { defineCheck, type ResolvedHealthOptions } from '../health.options.js';
import { messages } from '../health.messages.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { readCheckOptions } from './check-metadata.accessor.js';
import { HealthRegistry } from './health-registry.js';
import type { HealthCheckFunction } from './check.types.js';

/** Finds @HealthCheck methods on every provider and controller at module init; records them, never calls them. */
@Injectable()
export class CheckExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly registry: HealthRegistry,
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
  ) {}

  onModuleInit(): void {
    const seen = new Set<object>();
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      this.explore(wrapper, seen);
    }
  }

  private explore(wrapper: InstanceWrapper, seen: Set<object>): void {
    if (wrapper.isAlias) return;
    const isStatic = wrapper.isDependencyTreeStatic() && !wrapper.isTransient;
    const instance: unknown = isStatic ? wrapper.instance : undefined;
    const prototype = this.prototypeOf(wrapper, instance);
    if (!prototype) return;
    if (instance !== undefined && instance !== null) {
      if (seen.has(instance as object)) return;
      seen.add(instance as object);
    }
    for (const method of this.scanner.getAllMethodNames(prototype)) {
      const options = readCheckOptions((prototype as Record<string, unknown>)[method]);
      if (!options) continue;
      const className = (prototype.constructor as { name?: string } | undefined)?.name || String(wrapper.name);
      const place = `${className}.${method}`;
      if (!isStatic) {
        throw new Error(messages.scopedProvider(place, wrapper.scope === Scope.TRANSIENT ? 'transient' : 'request'));
      }
      const target = instance as Record<string, (...args: unknown[]) => unknown>;
      const check: HealthCheckFunction = (ctx) => target[method](ctx) as ReturnType<HealthCheckFunction>;
      this.registry.add(defineCheck(place, method, check, options, this.options.defaults));
    }
  }

  /** Class providers by their instance, factory-provided ones through the instance's own prototype. */
  private prototypeOf(wrapper: InstanceWrapper, instance: unknown): object | undefined {
    if (instance !== undefined && instance !== null && typeof instance === 'object') {
      return Object.getPrototypeOf(instance) as object;
    }
    const metatype = wrapper.metatype as { prototype?: object } | null | undefined;
    return wrapper.inject ? undefined : metatype?.prototype;
  }
}
