import { type CanActivate, type INestApplication, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import * as swagger from '@nestjs/swagger';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { HealthCheck, HealthModule, HealthTokenGuard, type HealthStaticOptions } from '../../src/index.js';
import { SWAGGER_LOADER, type SwaggerDecorators } from '../../src/http/openapi/health-openapi.js';
import { createAdapter, PLATFORMS, type Platform } from '../support/http-app.js';

// compile-time proof that the real package provides what nestjs-health calls
const realDecorators: SwaggerDecorators = swagger;

@Injectable()
class Dependencies {
  @HealthCheck({ name: 'database' })
  database() {
    return { pool_size: 10 };
  }
}

@Injectable()
class OperatorsOnly implements CanActivate {
  canActivate() {
    return false;
  }
}

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Media = Record<string, { schema: { properties?: Record<string, { enum?: string[] }>; type?: string } }>;

async function documentFor(platform: Platform, options: Parameters<typeof HealthModule.forRoot>[0]): Promise<OpenAPIObject> {
  @Module({ imports: [HealthModule.forRoot({ token: 'operator-secret', logger: false, ...options })], providers: [Dependencies] })
  class AppModule {}
  const app = await NestFactory.create(AppModule, createAdapter(platform), { logger: false, abortOnError: false });
  try {
    // the way apps do it: the document is built before app.init()/listen()
    return SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('app').addBearerAuth().build());
  } finally {
    await app.close();
  }
}

const get = (document: OpenAPIObject, path: string): Operation => {
  const operation = document.paths[path]?.get;
  if (!operation) throw new Error(`no GET ${path} in ${Object.keys(document.paths).join(', ')}`);
  return operation;
};
const codes = (operation: Operation) => Object.keys(operation.responses).sort();
const content = (operation: Operation, code: string) => (operation.responses[code] as { content: Media }).content;

describe.each(PLATFORMS)('OpenAPI document on %s', (platform) => {
  it('documents every public route with 200/503 in JSON, health+json and verbose text', async () => {
    const document = await documentFor(platform, { deep: { guards: [HealthTokenGuard] } });
    for (const route of ['live', 'ready', 'startup']) {
      const operation = get(document, `/health/${route}`);
      expect([route, codes(operation)]).toEqual([route, ['200', '503']]);
      expect(operation.tags).toEqual(['health']);
      expect(Object.keys(content(operation, '200')).sort()).toEqual(['application/health+json', 'application/json', 'text/plain']);
      expect(operation.parameters).toEqual([expect.objectContaining({ name: 'verbose', in: 'query', required: false })]);
    }
    const ready = get(document, '/health/ready');
    expect(content(ready, '200')['application/json'].schema.properties?.status.enum).toEqual(['ready']);
    expect(content(ready, '503')['application/json'].schema.properties?.status.enum).toEqual(['not_ready', 'starting', 'shutting_down']);
    expect(content(ready, '503')['application/health+json'].schema.properties?.status.enum).toEqual(['fail']);
    expect(content(get(document, '/health/live'), '200')['application/json'].schema.properties?.status.enum).toEqual(['alive']);
  });

  it('documents the token-guarded deep route with 401 and 403, bearer auth, the system block, the HTML page and ?history', async () => {
    const deep = get(await documentFor(platform, { deep: { guards: [HealthTokenGuard] } }), '/health/deep');
    expect(codes(deep)).toEqual(['200', '401', '403', '503']);
    expect(deep.security).toEqual([{ bearer: [] }]);
    expect(content(deep, '200')['application/json'].schema.properties).toHaveProperty('system');
    expect(Object.keys(content(deep, '200')).sort()).toEqual(['application/health+json', 'application/json', 'text/html', 'text/plain']);
    expect(deep.parameters).toEqual([
      expect.objectContaining({ name: 'history', in: 'query', required: false }),
      expect.objectContaining({ name: 'verbose', in: 'query', required: false }),
    ]);
  });

  it('leaves a deep route closed for lack of guards out of the document: it does not exist', async () => {
    const document = await documentFor(platform, {});
    expect(Object.keys(document.paths)).toEqual(['/health/live', '/health/ready', '/health/startup']);
  });

  it("documents the app's own deep guard without bearer auth, and a public deep route without 401/403", async () => {
    const guarded = get(await documentFor(platform, { deep: { guards: [OperatorsOnly] } }), '/health/deep');
    expect(codes(guarded)).toEqual(['200', '401', '403', '503']);
    expect(guarded.security).toBeUndefined();
    const open = get(await documentFor(platform, { deep: { public: true } }), '/health/deep');
    expect(codes(open)).toEqual(['200', '503']);
  });
});

describe('without @nestjs/swagger', () => {
  let app: INestApplication | undefined;
  afterEach(() => app?.close());

  it('boots and leaves the routes undocumented', async () => {
    const options: HealthStaticOptions = { path: 'bare-health', deep: { public: true } };
    const moduleRef = await Test.createTestingModule({ imports: [HealthModule.forRoot({ ...options, logger: false })] })
      .overrideProvider(SWAGGER_LOADER)
      .useValue(() => import('@nestjs/swagger-is-not-installed' as string))
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    // Nest's plain default: a 200 with no description and no schema
    expect(get(document, '/bare-health/ready').responses).toEqual({ '200': { description: '' } });
    expect(realDecorators.ApiResponse).toBe(swagger.ApiResponse);
  });

  it('still documents the routes when the package arrives as a CommonJS default export (Nest 11)', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [HealthModule.forRoot({ path: 'cjs-health', logger: false })] })
      .overrideProvider(SWAGGER_LOADER)
      .useValue(async () => ({ default: swagger }))
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    expect(codes(get(document, '/cjs-health/live'))).toEqual(['200', '503']);
  });
});

describe('openapi: false', () => {
  it('decorates nothing and never asks for @nestjs/swagger, although it is installed', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [HealthModule.forRoot({ path: 'quiet-health', openapi: false, logger: false })] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    try {
      await app.init();
      // the loader is not even provided: nothing can import the package on the module's behalf
      expect(() => app.get(SWAGGER_LOADER)).toThrow();
      const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
      expect(get(document, '/quiet-health/ready').responses).toEqual({ '200': { description: '' } });
    } finally {
      await app.close();
    }
  });
});
