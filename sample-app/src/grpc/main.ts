import { configFromEnv } from '../config.js';
import { sampleMessages } from '../sample.messages.js';
import { createGrpcApp } from './grpc-app.js';
import { grpcPortFromEnv } from './grpc-config.js';
import { grpcSampleMessages } from './grpc-sample.messages.js';

try {
  const config = configFromEnv(process.env);
  const port = grpcPortFromEnv(process.env);
  const app = await createGrpcApp(config, port);
  await app.listen();
  // the one line tests and humans wait for
  process.stdout.write(`${grpcSampleMessages.listening(config.host, port)}\n`);
} catch (error) {
  process.stderr.write(`${sampleMessages.startFailed(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
}
