import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import * as api from 'nestjs-health';

const cjsBuild = `${sep}nestjs-health${sep}dist${sep}cjs${sep}`;
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('the package under CommonJS Jest and Nest 11', () => {
  it('resolves nestjs-health and nestjs-health/testing to the CommonJS build', () => {
    expect(require.resolve('nestjs-health')).toContain(`${cjsBuild}index.js`);
    expect(require.resolve('nestjs-health/testing')).toContain(`${cjsBuild}testing${sep}index.js`);
    expect(readJson(require.resolve('nestjs-health/package.json')).type).toBe('module');
    expect(readJson(join(dirname(require.resolve('nestjs-health')), 'package.json'))).toEqual({ type: 'commonjs' });
  });

  it('runs against Nest 11 packages, not the repository’s Nest 12', () => {
    for (const name of ['common', 'core', 'platform-express', 'platform-fastify', 'testing']) {
      const { version } = readJson(require.resolve(`@nestjs/${name}/package.json`)) as { version: string };
      expect(`${name}@${version.split('.')[0]}`).toBe(`${name}@11`);
    }
  });

  it('exports the public API from CommonJS', () => {
    for (const name of ['HealthModule', 'HealthCheck', 'HealthService', 'HealthRegistry', 'HealthTokenGuard'] as const) {
      expect(typeof api[name]).toBe('function');
    }
  });
});
