import type { CanActivate, LoggerService, Type } from '@nestjs/common';
import type { CheckDefinition, HealthCheckFunction, HealthCheckOptions, Probe } from './checks/check.types.js';
import { resolveGrpcOptions, type GrpcHealthModuleOptions, type ResolvedGrpcHealthOptions } from './grpc/grpc-health.options.js';
import { PROBES } from './health.constants.js';
import { messages } from './health.messages.js';

export interface HealthRoutes {
  live: string;
  ready: string;
  startup: string;
  deep: string;
}

export type HealthGuard = Type<CanActivate> | CanActivate;

export interface DeepRouteOptions {
  /** Nest guards protecting the deep route; with none (and `public` unset) the route answers 404. */
  guards?: HealthGuard[];
  /** Serve the deep route without a guard: for local development only. */
  public?: boolean;
  /** Decorators applied to the deep route only. */
  decorators?: MethodDecorator[];
}

/** Options that shape the generated controller: given directly to forRoot and forRootAsync. */
export interface HealthStaticOptions {
  path?: string;
  routes?: Partial<HealthRoutes>;
  deep?: DeepRouteOptions;
  /** The app's own decorators for the public routes (e.g. `@Public()`, `@SkipThrottle()`); never applied to deep. */
  decorators?: MethodDecorator[];
  /** Modules whose providers the deep guards need. */
  imports?: NonNullable<import('@nestjs/common').ModuleMetadata['imports']>;
  isGlobal?: boolean;
}

export interface HealthCheckDefaults {
  critical: boolean;
  ttl: number;
  timeout: number;
}

export interface HealthShutdownOptions {
  /** ms readiness stays 503 while the app keeps serving after SIGTERM, before Nest closes anything. */
  drainMs?: number;
}

export interface HealthMetricsOptions {
  /** a prom-client Registry; the default registry otherwise */
  registry?: unknown;
}

/** Options read at runtime: in forRoot, or returned by forRootAsync's useFactory. */
export interface HealthModuleOptions {
  version?: string;
  defaults?: Partial<HealthCheckDefaults>;
  exposeErrors?: boolean;
  shutdown?: HealthShutdownOptions;
  token?: string;
  metrics?: boolean | HealthMetricsOptions;
  /** the grpc.health.v1 service of `nestjs-health/grpc`: extra service names and their checks */
  grpc?: GrpcHealthModuleOptions;
  logger?: LoggerService | false;
}

export interface ResolvedHealthOptions {
  version?: string;
  defaults: HealthCheckDefaults;
  exposeErrors: boolean;
  drainMs: number;
  token?: string;
  metrics: false | HealthMetricsOptions;
  grpc: ResolvedGrpcHealthOptions;
  logger?: LoggerService | false;
}

export const DEFAULT_ROUTES: HealthRoutes = { live: 'live', ready: 'ready', startup: 'startup', deep: 'deep' };
export const DEFAULT_CHECK_OPTIONS: HealthCheckDefaults = { critical: true, ttl: 0, timeout: 500 };
const KUBERNETES_DRAIN_MS = 5000;
/** Node's timers fire at once (after a warning) beyond this delay, so a longer timeout would mean none */
const MAX_TIMER_MS = 2_147_483_647;
const CHECK_OPTION_KEYS = new Set(['name', 'critical', 'ttl', 'timeout', 'interval', 'failAfter', 'probes']);

function isNonNegativeMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function requireMs(value: unknown, fail: (rule: string) => Error, positive = false, timer = false): void {
  if (!isNonNegativeMs(value) || (positive && value === 0)) {
    throw fail(positive ? 'must be a positive number of ms' : 'must be a non-negative number of ms');
  }
  if (timer && value > MAX_TIMER_MS) throw fail(`must be at most ${MAX_TIMER_MS} ms (the longest delay a Node.js timer supports)`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function resolveModuleOptions(
  options: HealthModuleOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedHealthOptions {
  const fail = (option: string, value: unknown) => (rule: string) =>
    new Error(messages.invalidModuleOption(option, rule, value));
  if (options.defaults !== undefined && !isPlainObject(options.defaults)) {
    throw fail('defaults', options.defaults)('must be an object such as { critical, ttl, timeout }');
  }
  const defaults = { ...DEFAULT_CHECK_OPTIONS, ...options.defaults };
  if (typeof defaults.critical !== 'boolean') throw fail('defaults.critical', defaults.critical)('must be a boolean');
  requireMs(defaults.ttl, fail('defaults.ttl', defaults.ttl));
  requireMs(defaults.timeout, fail('defaults.timeout', defaults.timeout), true, true);
  const drainMs = options.shutdown?.drainMs ?? (env.KUBERNETES_SERVICE_HOST ? KUBERNETES_DRAIN_MS : 0);
  requireMs(drainMs, fail('shutdown.drainMs', drainMs), false, true);
  if (options.exposeErrors !== undefined && typeof options.exposeErrors !== 'boolean') {
    throw fail('exposeErrors', options.exposeErrors)('must be a boolean');
  }
  const { logger } = options;
  if (logger !== undefined && logger !== false && typeof (logger as { log?: unknown } | null)?.log !== 'function') {
    throw fail('logger', logger)('must be a Nest LoggerService (with a log method) or false');
  }
  if (options.version !== undefined && typeof options.version !== 'string') {
    throw fail('version', options.version)('must be a string');
  }
  const token = options.token ?? env.HEALTH_TOKEN;
  if (token !== undefined && typeof token !== 'string') throw fail('token', token)('must be a string');
  const metrics = options.metrics === true ? {} : (options.metrics ?? false);
  return {
    version: options.version ?? env.APP_VERSION ?? env.npm_package_version,
    defaults,
    exposeErrors: options.exposeErrors === true,
    drainMs,
    token: token === '' ? undefined : token,
    metrics,
    grpc: resolveGrpcOptions(options.grpc),
    logger: options.logger,
  };
}

export function resolveRoutes(options: HealthStaticOptions): { path: string; routes: HealthRoutes } {
  const path = options.path ?? 'health';
  if (typeof path !== 'string') throw new Error(messages.invalidModuleOption('path', 'must be a string', path));
  const routes = { ...DEFAULT_ROUTES, ...options.routes };
  for (const [key, value] of Object.entries(routes)) {
    if (typeof value !== 'string' || value === '') {
      throw new Error(messages.invalidModuleOption(`routes.${key}`, 'must be a non-empty string', value));
    }
  }
  return { path, routes };
}

/** Validates a check's options against the rules and defaults, naming the place and the fix on error. */
export function defineCheck(
  place: string,
  defaultName: string,
  run: HealthCheckFunction,
  options: HealthCheckOptions | undefined,
  defaults: HealthCheckDefaults,
): CheckDefinition {
  const given = options ?? {};
  if (given === null || typeof given !== 'object') {
    throw new Error(messages.invalidCheckOption(place, defaultName, 'options', 'must be an object', given));
  }
  const name = given.name ?? defaultName;
  const fail = (option: string, value: unknown) => (rule: string) =>
    new Error(messages.invalidCheckOption(place, String(name), option, rule, value));
  if (typeof name !== 'string' || name === '') throw fail('name', name)('must be a non-empty string');
  const unknown = Object.keys(given).find((key) => !CHECK_OPTION_KEYS.has(key));
  if (unknown !== undefined) throw new Error(messages.unknownCheckOption(place, name, unknown, [...CHECK_OPTION_KEYS]));
  if (given.critical !== undefined && typeof given.critical !== 'boolean') {
    throw fail('critical', given.critical)('must be a boolean');
  }
  if (given.ttl !== undefined) requireMs(given.ttl, fail('ttl', given.ttl));
  if (given.timeout !== undefined) requireMs(given.timeout, fail('timeout', given.timeout), true, true);
  if (given.interval !== undefined) requireMs(given.interval, fail('interval', given.interval), true, true);
  if (given.ttl !== undefined && given.interval !== undefined) throw new Error(messages.ttlWithInterval(place, name));
  const failAfter = given.failAfter ?? 1;
  if (!Number.isInteger(failAfter) || failAfter < 1) {
    throw fail('failAfter', failAfter)('must be a whole number of runs, 1 or more');
  }
  const probes = given.probes ?? ['ready'];
  if (!Array.isArray(probes) || probes.some((probe) => !(PROBES as readonly string[]).includes(probe))) {
    throw fail('probes', probes)(`must be an array of ${PROBES.map((p) => `"${p}"`).join(', ')}`);
  }
  if (typeof run !== 'function') throw fail('check', run)('must be a function');
  return {
    name,
    place,
    run,
    critical: given.critical ?? defaults.critical,
    ttl: given.interval !== undefined ? 0 : (given.ttl ?? defaults.ttl),
    timeout: given.timeout ?? defaults.timeout,
    interval: given.interval,
    failAfter,
    probes: [...new Set(probes as Probe[])],
  };
}
