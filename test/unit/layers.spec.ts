import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
/** Leaf files every layer may use: values with no dependencies of their own, and the neutral transition stream. */
const NEUTRAL = new Set(['abandon-on-abort.ts', 'describe-value.ts', 'round.ts', 'is-thenable.ts', 'health.constants.ts', 'health-events.ts', 'health-events.messages.ts', 'contained-stream.ts', 'health.tokens.ts', 'optional-peer.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Every relative import of every file in src/, as paths relative to src/. */
const imports = sourceFiles(SRC).flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)\.js'/g)].map((match) => ({
    from: relative(SRC, file),
    to: relative(SRC, resolve(dirname(file), `${match[1]}.ts`)),
  }));
});

const folderOf = (path: string) => (path.includes('/') ? path.split('/')[0] : '');
const arrows = (from: string, to: (target: string) => boolean) =>
  imports.filter((edge) => folderOf(edge.from) === from && to(edge.to)).map((edge) => `${edge.from} -> ${edge.to}`);

describe('layers point one way', () => {
  it('has no arrow from checks/ to anything above it', () => {
    expect(arrows('checks', (to) => folderOf(to) !== 'checks' && !NEUTRAL.has(to))).toEqual([]);
  });

  it('has no arrow from probes/ to a transport (http/, server/, grpc/) or to indicators/', () => {
    expect(arrows('probes', (to) => ['http', 'server', 'grpc', 'indicators'].includes(folderOf(to)))).toEqual([]);
  });

  it('has no arrow from lifecycle/ to probes/ or a transport', () => {
    expect(arrows('lifecycle', (to) => ['probes', 'http', 'server', 'grpc'].includes(folderOf(to)))).toEqual([]);
  });

  it('has no arrow from testing/ into the core (only its own messages and neutral helpers)', () => {
    expect(arrows('testing', (to) => folderOf(to) !== 'testing' && !NEUTRAL.has(to))).toEqual([]);
  });

  it('keeps every file in src/ near one concept: none above ~200 lines', () => {
    const long = sourceFiles(SRC)
      .map((file) => [relative(SRC, file), readFileSync(file, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > 220);
    expect(long).toEqual([]);
  });

  it('assigns to no framework prototype outside an explicit opt-in function', () => {
    const patches = sourceFiles(SRC).filter((file) => /\.prototype\.\w+\s*=[^=]|\.prototype\s*=[^=]/.test(readFileSync(file, 'utf8')));
    expect(patches.map((file) => relative(SRC, file))).toEqual([]);
  });
});
