import { ConfigModule } from '@nestjs/config';
import type { RawEnvironment } from './environment.js';

/**
 * The validated environment for options that shape a module (HealthModule's static options decide which routes and
 * servers exist, so they cannot wait for ConfigService): read once ConfigModule.forRoot has loaded `.env` and put
 * the validated values into process.env, so `.env` and the defaults count here too.
 */
export async function definedEnvironment<T>(validate: (env: RawEnvironment) => T): Promise<T> {
  await ConfigModule.envVariablesLoaded;
  return validate(process.env);
}
