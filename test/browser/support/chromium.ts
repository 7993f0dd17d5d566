import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's own build: the suite never downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';

export const chromiumMissing = (path: string) =>
  `The browser suite needs Debian's Chromium at ${path} (not found): install it with "apt-get install -y chromium", as .ci/run does.`;

/**
 * Headless Chromium, quiet: no QUIC, no first-run, background or component-update traffic, so the only requests
 * it makes are the pages' own. Playwright starts it with a fresh temporary --user-data-dir of its own every launch.
 */
export async function launchChromium(executablePath = CHROMIUM): Promise<Browser> {
  if (!existsSync(executablePath)) throw new Error(chromiumMissing(executablePath));
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
