import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { PROBE_WORKER_SOURCE } from '../../src/server/thread/worker-source.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the worker thread\'s program (src/server/thread/worker-source.ts)', () => {
  it('is what scripts/build-worker-source.mjs makes of the current sources', () => {
    expect(() => execFileSync(process.execPath, ['scripts/build-worker-source.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('parses as one script and requires nothing but node: built-ins (nothing of Nest, no package)', () => {
    expect(() => new Script(PROBE_WORKER_SOURCE, { filename: 'worker-source.js' })).not.toThrow();
    const required = [...PROBE_WORKER_SOURCE.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]);
    expect(new Set(required)).toEqual(new Set(['node:worker_threads', 'node:http', 'node:crypto']));
    expect(PROBE_WORKER_SOURCE).not.toMatch(/@nestjs|reflect-metadata|rxjs/);
  });

  it('cannot be built from a worker program that imports a package: the build names the file and the import', () => {
    const bundle = `import('./scripts/build-worker-source.mjs').then(({ bundleWorker }) => bundleWorker('test/server/fixtures/worker-importing-nest.ts'))`;
    let failure = '';
    try {
      execFileSync(process.execPath, ['--input-type=module', '-e', bundle], { cwd: ROOT, stdio: 'pipe' });
    } catch (error) {
      failure = String((error as { stderr?: Buffer }).stderr);
    }
    expect(failure).toContain('test/server/fixtures/worker-importing-nest.ts imports "@nestjs/common": the worker program may import only node: built-ins and relative modules');
  });
});
