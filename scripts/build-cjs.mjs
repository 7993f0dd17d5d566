// Emits the CommonJS build for Nest 11 apps into dist/cjs (see docs/nest11-commonjs.md).
import { execFileSync } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'cjs');
// built aside and swapped in, so a test reading dist/cjs meanwhile never finds it half-written or missing
const staging = join(root, 'dist', `.cjs-${process.pid}`);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

try {
  // tsc refuses ESM-only syntax (import.meta, top-level await) under module commonjs, so this fails loudly on it
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.cjs.json'), '--outDir', staging], { stdio: 'inherit' });
  // the root package.json says "type": "module"; this nearer one makes Node and TypeScript read dist/cjs as CommonJS
  writeFileSync(join(staging, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
  // a fresh directory, so a source file deleted since the last build cannot linger in the package
  rmSync(outDir, { recursive: true, force: true });
  renameSync(staging, outDir);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
