import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support/chromium.js';

const MISSING = '/nonexistent/chromium';
const SCRIPT = fileURLToPath(new URL('../../scripts/require-chromium.mjs', import.meta.url));

describe('the browser suite without Chromium', () => {
  it('stops npm run test:browser with one sentence naming the path and the fix', () => {
    const run = spawnSync(process.execPath, [SCRIPT, MISSING], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `npm run test:browser needs Debian's Chromium at ${MISSING} (not found): install it with "apt-get install -y chromium", as .ci/run does.\n`,
    );
  });

  it('fails the suite itself with the same sentence when Jest is run directly', async () => {
    await expect(launchChromium(MISSING)).rejects.toThrow(
      `The browser suite needs Debian's Chromium at ${MISSING} (not found): install it with "apt-get install -y chromium", as .ci/run does.`,
    );
  });
});
