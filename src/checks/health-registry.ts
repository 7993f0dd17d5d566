import { Inject, Injectable } from '@nestjs/common';
import { CHECK_DEFAULTS, type HealthCheckDefaults } from './check-defaults.js';
import { defineCheck } from './check-definition.js';
import { CheckOrchestrator } from './check-orchestrator.js';
import { CheckRegistry } from './check-registry.js';
import type { HealthCheckFunction, HealthCheckOptions } from './check.types.js';

/**
 * The public handle for checks that cannot be decorated (a pool created in a factory, a plugin, a check whose
 * options come from config): `register()` adds one at any time and returns the function that removes it.
 */
@Injectable()
export class HealthRegistry {
  constructor(
    private readonly orchestrator: CheckOrchestrator,
    private readonly checks: CheckRegistry,
    @Inject(CHECK_DEFAULTS) private readonly defaults: HealthCheckDefaults,
  ) {}

  register(name: string, check: HealthCheckFunction, options: Omit<HealthCheckOptions, 'name'> = {}): () => void {
    const place = `HealthRegistry.register("${name}")`;
    return this.orchestrator.add(defineCheck(place, name, check, { ...options, name }, this.defaults));
  }

  /** Whether a check of this name is registered (decorated or by hand). */
  has(name: string): boolean {
    return this.checks.get(name) !== undefined;
  }

  /** Every check's name, in registration order. */
  names(): string[] {
    return this.checks.names();
  }
}
