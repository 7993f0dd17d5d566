// Before `npm run test:monitoring`: the suite runs Prometheus' own promtool and server, so say at once when they are missing.
import { spawnSync } from 'node:child_process';

const missing = ['promtool', 'prometheus'].filter((command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status !== 0);
if (missing.length > 0) {
  process.stderr.write(
    `npm run test:monitoring needs Prometheus' ${missing.join(' and ')} on the PATH (not found): install Debian's prometheus package (apt-get install -y prometheus), as .ci/run does.\n`,
  );
  process.exit(1);
}
