import type { CanActivate, ModuleMetadata, Type } from '@nestjs/common';
import { isPlainObject, requireBoolean, unknownKey, type RuleFailure } from './checks/option-rules.js';
import { optionMessages } from './health-options.messages.js';

export interface HealthRoutes {
  live: string;
  ready: string;
  startup: string;
  deep: string;
}

export type HealthGuard = Type<CanActivate> | CanActivate;

export interface DeepRouteOptions {
  /** Nest guards protecting the deep route; with none (and `public` unset) the route does not exist. */
  guards?: HealthGuard[];
  /** Serve the deep route without a guard: for local development only. */
  public?: boolean;
  /** Decorators applied to the deep route only. */
  decorators?: MethodDecorator[];
}

/** Options that shape the generated controller: given directly to forRoot and forRootAsync, never from a factory. */
export interface HealthStaticOptions {
  path?: string;
  routes?: Partial<HealthRoutes>;
  deep?: DeepRouteOptions;
  /** The app's own decorators for the public routes (e.g. `@Public()`, `@SkipThrottle()`); never applied to deep. */
  decorators?: MethodDecorator[];
  /** Modules whose providers the deep guards need. */
  imports?: NonNullable<ModuleMetadata['imports']>;
  isGlobal?: boolean;
  /** `false`: no OpenAPI decoration and no import of `@nestjs/swagger` at all. Default: on when it is installed. */
  openapi?: boolean;
}

/** How the deep route is served: behind guards, open (local development), or not registered at all. */
export type DeepAccess = 'guarded' | 'public' | 'disabled';

export interface ResolvedStaticOptions {
  readonly path: string;
  readonly routes: Readonly<HealthRoutes>;
  readonly deep: { readonly access: DeepAccess; readonly guards: readonly HealthGuard[]; readonly decorators: readonly MethodDecorator[] };
  readonly decorators: readonly MethodDecorator[];
  readonly imports: NonNullable<ModuleMetadata['imports']>;
  readonly isGlobal: boolean;
  readonly openapi: boolean;
}

export const DEFAULT_ROUTES: Readonly<HealthRoutes> = Object.freeze({ live: 'live', ready: 'ready', startup: 'startup', deep: 'deep' });

/** The static options' keys and defaults: ConfigurableModuleBuilder's extras. */
export const STATIC_DEFAULTS: HealthStaticOptions = {
  path: 'health',
  routes: { ...DEFAULT_ROUTES },
  deep: {},
  decorators: [],
  imports: [],
  isGlobal: true,
  openapi: true,
};

export const STATIC_OPTION_KEYS: ReadonlySet<string> = new Set(Object.keys(STATIC_DEFAULTS));
const ROUTE_KEYS: ReadonlySet<string> = new Set(Object.keys(DEFAULT_ROUTES));
const DEEP_KEYS: ReadonlySet<string> = new Set(['guards', 'public', 'decorators']);

const rule = (option: string, value: unknown): RuleFailure => (text) => new Error(optionMessages.invalid(option, text, value));

function requireFunctions(option: string, value: unknown, what: string): asserts value is unknown[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'function')) throw rule(option, value)(`must be an array of ${what}`);
}

function isGuard(value: unknown): value is HealthGuard {
  return typeof value === 'function' || typeof (value as Partial<CanActivate> | null)?.canActivate === 'function';
}

/** Validates the static options at module definition (every key typed, unknown keys refused) and applies defaults. */
export function resolveStaticOptions(options: HealthStaticOptions): ResolvedStaticOptions {
  const { path, routes, deep, decorators, imports, isGlobal, openapi } = { ...STATIC_DEFAULTS, ...dropUndefined(options) };
  if (typeof path !== 'string') throw rule('path', path)('must be a string');
  if (!isPlainObject(routes)) throw rule('routes', routes)('must be an object such as { live: "livez" }');
  const routeKey = unknownKey(routes, ROUTE_KEYS);
  if (routeKey !== undefined) throw new Error(optionMessages.unknownKey('routes', routeKey, ROUTE_KEYS));
  const resolvedRoutes = { ...DEFAULT_ROUTES, ...dropUndefined(routes) };
  for (const [key, value] of Object.entries(resolvedRoutes)) {
    if (typeof value !== 'string' || value === '') throw rule(`routes.${key}`, value)('must be a non-empty string');
  }
  if (!isPlainObject(deep)) throw rule('deep', deep)('must be an object such as { guards: [HealthTokenGuard] }');
  const deepKey = unknownKey(deep, DEEP_KEYS);
  if (deepKey !== undefined) throw new Error(optionMessages.unknownKey('deep', deepKey, DEEP_KEYS));
  const guards = deep.guards ?? [];
  if (!Array.isArray(guards) || !guards.every(isGuard)) throw rule('deep.guards', guards)('must be an array of guard classes or instances');
  if (deep.public !== undefined) requireBoolean(deep.public, rule('deep.public', deep.public));
  const deepDecorators = deep.decorators ?? [];
  requireFunctions('deep.decorators', deepDecorators, 'decorators (functions)');
  requireFunctions('decorators', decorators, 'decorators (functions)');
  if (!Array.isArray(imports)) throw rule('imports', imports)('must be an array of modules');
  requireBoolean(isGlobal, rule('isGlobal', isGlobal));
  requireBoolean(openapi, rule('openapi', openapi));
  return {
    path,
    routes: resolvedRoutes as HealthRoutes,
    deep: {
      access: guards.length > 0 ? 'guarded' : deep.public === true ? 'public' : 'disabled',
      guards,
      decorators: deepDecorators as MethodDecorator[],
    },
    decorators: decorators as MethodDecorator[],
    imports,
    isGlobal,
    openapi,
  };
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
