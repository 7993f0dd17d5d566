import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = 'test/docs/fixtures/snippets.md';

interface CheckerRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runChecker(...files: string[]): Promise<CheckerRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['scripts/check-doc-snippets.mjs', ...files], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** 1-based line of the fixture that holds `text`, so the test follows the fixture when it is edited. */
function lineOf(text: string): number {
  return readFileSync(`${ROOT}/${FIXTURE}`, 'utf8').split('\n').findIndex((line) => line.includes(text)) + 1;
}

describe('docs snippet check (npm run docs:check)', () => {
  it('fails on broken ts blocks, naming the Markdown file and line of each error, and accepts the good one', async () => {
    const run = await runChecker(FIXTURE);
    const errors = run.stderr.split('\n').filter((line) => line.includes(' - error TS'));

    expect(run.code).toBe(1);
    // the block inside a list item is found, the text block is not checked, and blocks do not share scope
    expect(errors).toEqual([
      expect.stringMatching(new RegExp(`^${FIXTURE}:${lineOf("ttl: '5s'")}:\\d+ - error TS2322: .*\\(\`\`\`ts block 2, `)),
      expect.stringMatching(new RegExp(`^${FIXTURE}:${lineOf('new Repository()')}:\\d+ - error TS2304: Cannot find name 'Repository'`)),
    ]);
    expect(run.stderr).toContain('2 errors in 3 TypeScript blocks in 1 Markdown file');
  }, 60_000);
});
