// `npm run test:nest11`: proves the CommonJS build on Nest 11. Packs the built package, installs it with Nest 11
// into a temporary app outside the repository (so nothing resolves to the repository's Nest 12), type-checks
// and compiles that app with tsc as CommonJS, then runs the e2e suite in CommonJS Jest over real HTTP.
// KEEP_NEST11_APP=1 keeps the temporary app for a look afterwards.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const fromRepo = createRequire(join(repo, 'package.json'));

const NEST_11 = {
  '@nestjs/common': '^11',
  '@nestjs/core': '^11',
  '@nestjs/platform-express': '^11',
  '@nestjs/platform-fastify': '^11',
  '@nestjs/testing': '^11',
  'reflect-metadata': '^0.2.2',
  rxjs: '^7.8.1',
};
// the optional peers in the versions a Nest 11 app has: loaded lazily, through require in the CommonJS build
const OPTIONAL_PEERS = { 'prom-client': '^15', '@nestjs/swagger': '^11', '@nestjs/terminus': '^11', '@opentelemetry/api': '^1.9' };
// what an app registers for OpenTelemetry: the SDK the module's meter records into
const OTEL_SDK = { '@opentelemetry/sdk-metrics': '^2' };
// a Nest 11 gRPC microservice, for nestjs-health/grpc: what such an app installs anyway
const GRPC = { '@nestjs/microservices': '^11', '@grpc/grpc-js': '^1.14', '@grpc/proto-loader': '^0.8' };
// the TypeScript a Nest 11 app compiles with (the repository builds with TypeScript 6)
const USER_TOOLS = { typescript: '~5.9' };

const started = Date.now();
const phase = (name) => console.log(`\n[test:nest11 +${((Date.now() - started) / 1000).toFixed(1)}s] ${name}`);

// npm run sets npm_* variables describing the repository; the temporary app must not inherit them
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
// the repository's Jest runs ESM with --experimental-vm-modules; this suite is deliberately CommonJS
cleanEnv.NODE_OPTIONS = '';

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, env: cleanEnv, stdio: 'inherit' });
}

for (const built of ['dist/cjs/index.js', 'dist/cjs/package.json', 'dist/esm/index.js']) {
  if (!existsSync(join(repo, built))) throw new Error(`test:nest11: ${built} is missing; run "npm run build" first.`);
}

const app = mkdtempSync(join(tmpdir(), 'nestjs-health-nest11-'));
let failed = false;
// Ctrl-C stops the running npm/tsc/jest too; outliving it lets `finally` remove the app, and the run still fails
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    failed = true;
    process.exitCode = 1;
  });
}
try {
  phase(`pack into ${app}`);
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', app], { cwd: repo, env: cleanEnv, encoding: 'utf8' }),
  );

  phase('install Nest 11, its optional peers, TypeScript 5 and the packed nestjs-health');
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify(
      {
        name: 'nest11-commonjs-app',
        private: true,
        dependencies: { ...NEST_11, ...OPTIONAL_PEERS, ...OTEL_SDK, ...GRPC, ...USER_TOOLS, 'nestjs-health': `file:./${packed.filename}` },
      },
      null,
      2,
    )}\n`,
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app);

  for (const dir of ['e2e', 'support', 'fixtures']) cpSync(join(here, dir), join(app, dir), { recursive: true });
  // the gRPC spec's protos: the standard health.proto its client is built from, and the app's own
  for (const proto of ['health.proto', 'hero.proto']) cpSync(join(repo, 'test', 'grpc', 'support', proto), join(app, 'fixtures', proto));

  phase('type-check and compile the app with TypeScript 5 as CommonJS (against our CommonJS .d.ts)');
  writeFileSync(
    join(app, 'tsconfig.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          // a package.json without "type" makes nodenext emit CommonJS and resolve the "require" condition
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          rootDir: '.',
          outDir: 'build',
          strict: true,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          // as Nest 11's starter sets it; the app's own code is still checked against our declarations
          skipLibCheck: true,
          typeRoots: [join(repo, 'node_modules', '@types')],
          types: ['node', 'jest'],
        },
        include: ['e2e', 'support', 'fixtures'],
      },
      null,
      2,
    )}\n`,
  );
  run(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app);

  phase('e2e in CommonJS Jest (@swc/jest, module commonjs)');
  // Jest and @swc/jest come from the repository; everything the tests require resolves inside the temporary app
  const jestConfig = {
    rootDir: app,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/e2e/**/*.spec.ts'],
    transform: {
      '^.+\\.ts$': [
        fromRepo.resolve('@swc/jest'),
        {
          swcrc: false,
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2022',
          },
          module: { type: 'commonjs' },
        },
      ],
    },
    testTimeout: 30000,
  };
  run(process.execPath, [fromRepo.resolve('jest/bin/jest'), '--config', JSON.stringify(jestConfig), '--runInBand', '--ci'], app);
} catch (error) {
  failed = true;
  console.error(`\n[test:nest11] failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (process.env.KEEP_NEST11_APP) console.log(`[test:nest11] kept ${app}`);
  else rmSync(app, { recursive: true, force: true });
  phase(failed ? 'failed' : 'passed');
  process.exitCode = failed ? 1 : 0;
}
