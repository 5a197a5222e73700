import { parse } from 'dotenv';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { validateEnv } from './env.validation';

/**
 * Checks the environment (and `.env`, as ConfigModule will read it) before Nest starts, so a bad
 * setting stops the process with one line instead of a framework stack trace.
 */
export function checkEnvironment(): void {
  const file = path.resolve(process.cwd(), '.env');
  const fromFile = existsSync(file) ? parse(readFileSync(file)) : {};
  validateEnv({ ...fromFile, ...process.env });
}
