// `npm run build:once [-- --sample]`: the suites that run from dist/ build first, but a CI run that has built once
// need not build again. Builds the library (and the sample with --sample) unless its output was built from exactly
// these sources.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const LIBRARY = ['src', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.cjs.json'];
const SAMPLE = [...LIBRARY, 'sample-app/src', 'sample-app/proto', 'sample-app/tsconfig.json'];

function files(path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).sort().flatMap((name) => files(join(path, name)));
}

function digest(inputs) {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(files)) hash.update(`${file}\0`).update(readFileSync(join(root, file)));
  return hash.digest('hex');
}

/** Runs `scripts` unless `stamp` says `outputs` were built from the same `inputs`; then records them. */
function once(name, inputs, outputs, scripts) {
  const stamp = join(root, 'dist', `.built-${name}`);
  const current = digest(inputs);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === current && outputs.every((output) => existsSync(join(root, output)))) {
    console.log(`build:once: the ${name} in dist/ is current, nothing to build`);
    return;
  }
  for (const script of scripts) execFileSync('npm', ['run', script], { cwd: root, stdio: 'inherit' });
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(stamp, current);
}

once('library', LIBRARY, ['dist/esm/index.js', 'dist/cjs/index.js'], ['build']);
if (process.argv.includes('--sample')) once('sample', SAMPLE, ['sample-app/dist/main.js'], ['build:sample']);
