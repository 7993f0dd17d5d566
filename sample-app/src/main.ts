import { createApp, listen } from './app.js';
import { configFromEnv } from './config.js';
import { sampleMessages } from './sample.messages.js';

try {
  const config = configFromEnv(process.env);
  const app = await createApp(config);
  const port = await listen(app, config);
  // the one line tests and humans wait for
  process.stdout.write(`${sampleMessages.listening(config.host, port)}\n`);
} catch (error) {
  process.stderr.write(`${sampleMessages.startFailed(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
}
