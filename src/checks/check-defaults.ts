/** Per-check defaults (`defaults` module option): what a check without its own option gets. */
export interface HealthCheckDefaults {
  critical: boolean;
  ttl: number;
  timeout: number;
}

export const DEFAULT_CHECK_OPTIONS: Readonly<HealthCheckDefaults> = Object.freeze({ critical: true, ttl: 0, timeout: 500 });

/** The resolved defaults, the only module option the checks layer receives. */
export const CHECK_DEFAULTS = Symbol('nestjs-health:check-defaults');
