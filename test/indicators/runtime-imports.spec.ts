import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'indicators');

/** Every module an indicator file loads at run time: its imports and re-exports that are not `import type`. */
function runtimeImports(source: string): string[] {
  const statements = source.match(/^(?:import|export)(?!\s+type\b)[^;]*?from\s+'([^']+)'/gms) ?? [];
  return statements.map((statement) => /from\s+'([^']+)'$/.exec(statement)?.[1] ?? '');
}

describe('the indicators load no client library', () => {
  it('imports ioredis, redis, bullmq and @nestjs/microservices as types only: the core never loads them', () => {
    const files = readdirSync(folder).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(15);
    const loaded = files.flatMap((file) => runtimeImports(readFileSync(join(folder, file), 'utf8')).map((module) => `${file}: ${module}`));
    expect(loaded.length).toBeGreaterThan(20);
    const foreign = loaded.filter((entry) => !/: (\.{1,2}\/|node:)/.test(entry));
    expect(foreign).toEqual([]);
  });
});
