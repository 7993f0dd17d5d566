import type { Provider, Type } from '@nestjs/common';
import type { ProbeOrDeep } from '../checks/check.types.js';
import type { HealthStaticOptions } from '../health.options.js';
import { HEALTH_CONTROLLER, HEALTH_STATIC_OPTIONS } from '../health.tokens.js';
import { importOptionalPeer } from '../optional-peer.js';
import { HEALTH_JSON } from './health-formats.js';
import { HealthTokenGuard } from './health-token.guard.js';
import {
  DEEP_SYSTEM_SCHEMA,
  ERROR_BODY_SCHEMA,
  healthJsonSchema,
  probeBodySchema,
  VERBOSE_TEXT_SCHEMA,
  type SchemaObject,
} from './health-openapi.schemas.js';

/** What nestjs-health uses of `@nestjs/swagger`, typed here so the optional package's types never leak. */
export interface SwaggerDecorators {
  ApiTags(...tags: string[]): ClassDecorator;
  ApiOperation(options: { summary: string; description?: string }): MethodDecorator;
  ApiResponse(options: { status: number; description: string; content?: Record<string, { schema: SchemaObject }> }): MethodDecorator;
  ApiQuery(options: { name: string; required: boolean; description: string; schema: SchemaObject; allowEmptyValue?: boolean }): MethodDecorator;
  ApiBearerAuth(name?: string): MethodDecorator;
}

export type SwaggerLoader = () => Promise<unknown>;
export const SWAGGER_LOADER = Symbol('nestjs-health:swagger-loader');
export const HEALTH_OPENAPI = Symbol('nestjs-health:openapi');

const ROUTE_STATUSES: Record<ProbeOrDeep, { ok: string[]; failing: string[] }> = {
  live: { ok: ['alive'], failing: ['not_alive'] },
  ready: { ok: ['ready'], failing: ['not_ready', 'starting', 'shutting_down'] },
  startup: { ok: ['started'], failing: ['starting'] },
  deep: { ok: ['ready'], failing: ['not_ready', 'starting', 'shutting_down'] },
};

const SUMMARIES: Record<ProbeOrDeep, string> = {
  live: 'Liveness: is the process alive? Runs no dependency checks by default',
  ready: 'Readiness: can this instance serve traffic now?',
  startup: 'Startup: has the application finished starting?',
  deep: 'Deep diagnostics for operators: every check run fresh, full reasons, system figures',
};

const described = new WeakSet<Type<unknown>>();

/**
 * Adds OpenAPI metadata to the generated health routes when `@nestjs/swagger` can be loaded; does nothing
 * otherwise. Runs as an async provider, so it is done before the app's `SwaggerModule.createDocument()`.
 */
export async function describeHealthRoutes(
  controller: Type<unknown>,
  options: HealthStaticOptions,
  load: SwaggerLoader,
): Promise<boolean> {
  if (described.has(controller)) return true;
  let loaded: unknown;
  try {
    loaded = await load();
  } catch {
    return false;
  }
  const swagger = swaggerExports(loaded);
  if (swagger === undefined) return false;
  described.add(controller);
  swagger.ApiTags('health')(controller);
  for (const probe of ['live', 'ready', 'startup'] as const) decorate(controller, probe, routeDecorators(swagger, probe));
  decorate(controller, 'deep', deepDecorators(swagger, options));
  return true;
}

/** The ESM namespace, or a CommonJS build (Nest 11's swagger) seen through `import()`'s `default`. */
function swaggerExports(loaded: unknown): SwaggerDecorators | undefined {
  for (const candidate of [loaded, (loaded as { default?: unknown } | undefined)?.default]) {
    if (typeof (candidate as Partial<SwaggerDecorators> | undefined)?.ApiResponse === 'function') return candidate as SwaggerDecorators;
  }
  return undefined;
}

function decorate(controller: Type<unknown>, method: ProbeOrDeep, decorators: MethodDecorator[]): void {
  const prototype = controller.prototype as object;
  const descriptor = Object.getOwnPropertyDescriptor(prototype, method);
  Reflect.decorate(decorators, prototype, method, descriptor);
}

function routeDecorators(swagger: SwaggerDecorators, probe: ProbeOrDeep): MethodDecorator[] {
  const { ok, failing } = ROUTE_STATUSES[probe];
  const system = probe === 'deep' ? DEEP_SYSTEM_SCHEMA : undefined;
  const content = (statuses: string[], draft: string[]) => ({
    'application/json': { schema: probeBodySchema(statuses, { checks: probe !== 'startup', system }) },
    [HEALTH_JSON]: { schema: healthJsonSchema(draft) },
    'text/plain': { schema: VERBOSE_TEXT_SCHEMA },
  });
  return [
    swagger.ApiOperation({
      summary: SUMMARIES[probe],
      description:
        'JSON by default (also for Accept: */*); Accept: application/health+json gives the IETF ' +
        'draft-inadarei-api-health-check body; ?verbose gives one text line per check. Same status codes for all three.',
    }),
    swagger.ApiQuery({
      name: 'verbose',
      required: false,
      allowEmptyValue: true,
      description: 'kube-apiserver style text: [+]name ok / [-]name failed: reason, then whether the probe passed',
      schema: { type: 'string' },
    }),
    swagger.ApiResponse({ status: 200, description: `The probe passes (${ok.join(' / ')})`, content: content(ok, ['pass', 'warn']) }),
    swagger.ApiResponse({
      status: 503,
      description: `The probe fails (${failing.join(' / ')})`,
      content: content(failing, ['fail']),
    }),
  ];
}

function deepDecorators(swagger: SwaggerDecorators, options: HealthStaticOptions): MethodDecorator[] {
  const deep = options.deep ?? {};
  const errorBody = (description: string) => ({ description, content: { 'application/json': { schema: ERROR_BODY_SCHEMA } } });
  if (!deep.guards?.length && !deep.public) {
    return [
      swagger.ApiOperation({ summary: SUMMARIES.deep, description: 'Disabled: no deep.guards are configured.' }),
      swagger.ApiResponse({ status: 404, ...errorBody('The deep route is disabled until deep.guards (or deep.public) are configured') }),
    ];
  }
  const decorators = routeDecorators(swagger, 'deep');
  if (!deep.guards?.length) return decorators;
  const tokenGuard = deep.guards.some((guard) => guard === HealthTokenGuard || guard instanceof HealthTokenGuard);
  if (tokenGuard) decorators.push(swagger.ApiBearerAuth());
  decorators.push(
    swagger.ApiResponse({
      status: 401,
      ...errorBody(tokenGuard ? 'Missing or wrong bearer token (WWW-Authenticate: Bearer)' : 'A deep guard rejected the credentials'),
    }),
    swagger.ApiResponse({ status: 403, ...errorBody('A deep guard refused the request') }),
  );
  return decorators;
}

export const healthSwaggerProviders: Provider[] = [
  { provide: SWAGGER_LOADER, useValue: () => importOptionalPeer('@nestjs/swagger') },
  {
    provide: HEALTH_OPENAPI,
    useFactory: (controller: Type<unknown>, options: HealthStaticOptions, load: SwaggerLoader) =>
      describeHealthRoutes(controller, options, load),
    inject: [HEALTH_CONTROLLER, HEALTH_STATIC_OPTIONS, SWAGGER_LOADER],
  },
];
