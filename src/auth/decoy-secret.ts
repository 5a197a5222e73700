import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AppConfig } from '../config/app-config';

/** The file in LOCAL_COGNITO_DIR that keeps local mode's secret across restarts. */
export const DECOY_SECRET_FILE = 'decoy-secret';

/**
 * The key of the decoy answers given for users who do not exist (forgot-password's masked destination).
 * Without a key only the server knows, anyone could recompute the decoy for a username and compare it with
 * the answer: a different answer would mean a real user. DECOY_SECRET when configured (the same on every
 * instance, so that all answer alike); else local mode keeps one in its data folder, and AWS mode makes one
 * per process and warns, since its decoys then change with each instance and restart.
 */
export class DecoySecret {
  constructor(readonly key: string) {}

  static fromConfig(config: AppConfig): DecoySecret {
    if (config.decoySecret) return new DecoySecret(config.decoySecret);
    if (config.cognito.mode === 'local') return new DecoySecret(keptSecret(config.cognito.dataDir));
    new Logger('DecoySecret').warn(
      'DECOY_SECRET is not set: answers for unknown users now differ between instances and restarts, ' +
        'which tells them apart from real users; set it (the same on every instance) in production',
    );
    return new DecoySecret(newSecret());
  }
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The secret kept in `dataDir`, made on first use (readable by its owner only). */
function keptSecret(dataDir: string): string {
  const file = path.resolve(dataDir, DECOY_SECRET_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${newSecret()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}
