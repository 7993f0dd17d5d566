// Before `npm run test:browser`: the suite drives Debian's Chromium, so say at once, in one sentence, when it is missing.
// Usage: node scripts/require-chromium.mjs [path]   (default /usr/bin/chromium; the path argument is for its own test)
import { existsSync } from 'node:fs';

const chromium = process.argv[2] ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  process.stderr.write(`npm run test:browser needs Debian's Chromium at ${chromium} (not found): install it with "apt-get install -y chromium", as .ci/run does.\n`);
  process.exit(1);
}
