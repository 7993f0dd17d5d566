import { Inject, Injectable, Logger, type OnModuleInit, Scope } from '@nestjs/common';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import type { Module } from '@nestjs/core/injector/module.js';
import { HEALTH_LOGGER_CONTEXT } from '../health.constants.js';
import { checkMessages } from './check.messages.js';
import { describeThrown } from './safe-json.js';
import { CHECK_DEFAULTS, type HealthCheckDefaults } from './check-defaults.js';
import { defineCheck } from './check-definition.js';
import { readCheckOptions } from './check-metadata.accessor.js';
import { CheckOrchestrator } from './check-orchestrator.js';
import type { HealthCheckFunction } from './check.types.js';

/**
 * Finds @HealthCheck methods on every provider and controller: at module init, and in modules loaded later with
 * `LazyModuleLoader` (Nest calls no hook there, so `discoverLoadedModules()` is asked before each probe; it
 * costs one size comparison while no module was added). Records checks, never calls them.
 */
@Injectable()
export class CheckExplorer implements OnModuleInit {
  private readonly explored = new WeakSet<Module>();
  private readonly seen = new WeakSet<object>();
  private knownModules = -1;
  private waiting = 0;
  private booted = false;
  private readonly logger = new Logger(HEALTH_LOGGER_CONTEXT);

  constructor(
    private readonly modules: ModulesContainer,
    private readonly scanner: MetadataScanner,
    private readonly orchestrator: CheckOrchestrator,
    @Inject(CHECK_DEFAULTS) private readonly defaults: HealthCheckDefaults,
  ) {}

  onModuleInit(): void {
    this.discoverLoadedModules();
  }

  /** Explores modules not explored yet; a lazy module still being built is explored once it is instantiated. */
  discoverLoadedModules(): void {
    if (this.modules.size === this.knownModules && this.waiting === 0) return;
    this.knownModules = this.modules.size;
    this.waiting = 0;
    const ready: Module[] = [];
    for (const module of this.modules.values()) {
      if (this.explored.has(module)) continue;
      if (module.isInstantiated) ready.push(module);
      else this.waiting += 1;
    }
    for (const module of ready) this.explored.add(module);
    try {
      // providers of every module first, then controllers: the order checks appear in bodies
      for (const module of ready) for (const wrapper of module.providers.values()) this.explore(wrapper);
      for (const module of ready) for (const wrapper of module.controllers.values()) this.explore(wrapper);
    } catch (error) {
      // at boot a bad check fails the boot; in a lazy module the app is up, so the probe answers and the log says why
      if (!this.booted) throw error;
      this.logger.error(checkMessages.lazyModuleRefused(describeThrown(error)));
    }
    this.booted = true;
  }

  private explore(wrapper: InstanceWrapper): void {
    if (wrapper.isAlias) return;
    const isStatic = wrapper.isDependencyTreeStatic() && !wrapper.isTransient;
    const instance: unknown = isStatic ? wrapper.instance : undefined;
    const prototype = this.prototypeOf(wrapper, instance);
    if (!prototype) return;
    if (instance !== undefined && instance !== null) {
      if (this.seen.has(instance as object)) return;
      this.seen.add(instance as object);
    }
    for (const method of this.scanner.getAllMethodNames(prototype)) {
      const options = readCheckOptions((prototype as Record<string, unknown>)[method]);
      if (!options) continue;
      const className = (prototype.constructor as { name?: string } | undefined)?.name || String(wrapper.name);
      const place = `${className}.${method}`;
      if (!isStatic) {
        throw new Error(checkMessages.scopedProvider(place, wrapper.scope === Scope.TRANSIENT ? 'transient' : 'request'));
      }
      const target = instance as Record<string, (...args: unknown[]) => unknown>;
      const check: HealthCheckFunction = (ctx) => target[method](ctx) as ReturnType<HealthCheckFunction>;
      this.orchestrator.add(defineCheck(place, method, check, options, this.defaults));
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
