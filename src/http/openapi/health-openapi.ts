import type { Provider, Type } from '@nestjs/common';
import type { ProbeOrDeep } from '../../checks/check.types.js';
import type { ResolvedStaticOptions } from '../../health-static-options.js';
import { RESOLVED_STATIC_OPTIONS } from '../../health.tokens.js';
import { importOptionalPeer } from '../../optional-peer.js';
import { HEALTH_JSON } from '../formats/content-negotiation.js';
import { HealthTokenGuard } from '../health-token.guard.js';
import { HEALTH_ROUTES, isMounted, routeOf } from '../health-routes.js';
import {
  DEEP_SYSTEM_SCHEMA,
  ERROR_BODY_SCHEMA,
  healthJsonSchema,
  OPERATOR_PAGE_SCHEMA,
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

const described = new WeakSet<Type<unknown>>();

/**
 * Adds OpenAPI metadata to the generated health routes when `@nestjs/swagger` can be loaded; does nothing
 * otherwise. Runs as an async provider, so it is done before the app's `SwaggerModule.createDocument()`.
 */
export async function describeHealthRoutes(
  controller: Type<unknown>,
  options: ResolvedStaticOptions,
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
  for (const { probe } of HEALTH_ROUTES) {
    if (isMounted(options, probe)) decorate(controller, probe, probe === 'deep' ? deepDecorators(swagger, options) : routeDecorators(swagger, probe));
  }
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
  const { summary, passing, failing } = routeOf(probe);
  const ok = [...passing];
  const system = probe === 'deep' ? DEEP_SYSTEM_SCHEMA : undefined;
  const content = (statuses: string[], draft: string[]) => ({
    'application/json': { schema: probeBodySchema(statuses, { checks: probe !== 'startup', system }) },
    [HEALTH_JSON]: { schema: healthJsonSchema(draft) },
    'text/plain': { schema: VERBOSE_TEXT_SCHEMA },
    ...(probe === 'deep' ? { 'text/html': { schema: OPERATOR_PAGE_SCHEMA } } : {}),
  });
  return [
    swagger.ApiOperation({
      summary,
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
      content: content([...failing], ['fail']),
    }),
  ];
}

function deepDecorators(swagger: SwaggerDecorators, options: ResolvedStaticOptions): MethodDecorator[] {
  const errorBody = (description: string) => ({ description, content: { 'application/json': { schema: ERROR_BODY_SCHEMA } } });
  const decorators = routeDecorators(swagger, 'deep');
  decorators.push(
    swagger.ApiQuery({
      name: 'history',
      required: false,
      allowEmptyValue: true,
      description: "adds each check's last runs and transitions to its entry (JSON and health+json)",
      schema: { type: 'string' },
    }),
  );
  const { guards } = options.deep;
  if (!guards.length) return decorators;
  const tokenGuard = guards.some((guard) => guard === HealthTokenGuard || guard instanceof HealthTokenGuard);
  if (tokenGuard) decorators.push(swagger.ApiBearerAuth());
  decorators.push(
    swagger.ApiResponse({
      status: 401,
      ...errorBody(
        tokenGuard
          ? 'Missing or wrong token, as a Bearer token or a Basic password (WWW-Authenticate: Bearer; Basic for a text/html request)'
          : 'A deep guard rejected the credentials',
      ),
    }),
    swagger.ApiResponse({ status: 403, ...errorBody('A deep guard refused the request') }),
  );
  return decorators;
}

/** With `openapi` on (the default): loads `@nestjs/swagger` at boot and describes the routes; nothing at all when off. */
export function openApiProviders(controller: Type<unknown>): Provider[] {
  return [
    { provide: SWAGGER_LOADER, useValue: () => importOptionalPeer('@nestjs/swagger') },
    {
      provide: HEALTH_OPENAPI,
      useFactory: (options: ResolvedStaticOptions, load: SwaggerLoader) => describeHealthRoutes(controller, options, load),
      inject: [RESOLVED_STATIC_OPTIONS, SWAGGER_LOADER],
    },
  ];
}
