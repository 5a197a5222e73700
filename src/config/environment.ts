import { parse } from 'dotenv';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AppConfig } from './app-config';
import { EnvironmentVariables, validateEnv } from './env.validation';

interface EnvironmentSources {
  overrides?: Record<string, string>;
  ignoreEnvFile?: boolean;
}

/**
 * Checks the environment (and `.env`, as ConfigModule will read it) before Nest starts, so a bad
 * setting stops the process with one line instead of a framework stack trace.
 */
export function checkEnvironment(): void {
  readEnvironment({});
}

/**
 * The configuration as AppConfigModule will see it (`.env` under the environment under overrides),
 * for the settings needed before Nest exists: the HTTP server's own options.
 */
export function loadAppConfig(sources: EnvironmentSources): AppConfig {
  return new AppConfig(readEnvironment(sources));
}

function readEnvironment(sources: EnvironmentSources): EnvironmentVariables {
  const file = path.resolve(process.cwd(), '.env');
  const fromFile = !sources.ignoreEnvFile && existsSync(file) ? parse(readFileSync(file)) : {};
  return validateEnv({ ...fromFile, ...process.env, ...sources.overrides });
}
