import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import * as path from 'node:path';
import { AppConfig } from '../config/app-config';
import type { LocalCognito } from '../local-cognito/local-cognito';
import { CognitoSettings } from './cognito-settings';

/**
 * Starts the embedded local Cognito when no pool is configured (local mode) and stops it with the app.
 * The emulator is a devDependency, so it is imported only here and only in local mode.
 */
@Injectable()
export class LocalCognitoRunner implements OnApplicationShutdown {
  private readonly logger = new Logger('LocalCognito');
  private emulator?: LocalCognito;

  async resolveSettings(config: AppConfig): Promise<CognitoSettings> {
    const target = config.cognito;
    if (target.mode === 'aws') {
      return new CognitoSettings(
        target.region,
        target.userPoolId,
        target.clientId,
        target.clientSecret,
        target.endpoint,
      );
    }
    const { startLocalCognito } = await import('../local-cognito/local-cognito');
    const dataDir = path.resolve(target.dataDir);
    this.emulator = await startLocalCognito({
      dataDir,
      port: target.port,
      adminGroup: config.adminGroup,
      adminUsername: target.adminUsername,
      adminPassword: target.adminPassword,
      onMessage: (m) => this.logger.log(`${m.operation} for ${m.username}: code ${m.code}`),
    });
    const emu = this.emulator;
    return new CognitoSettings(emu.region, emu.userPoolId, emu.clientId, undefined, emu.endpoint, {
      dataDir,
      adminUsername: emu.adminUsername,
      generatedAdminPassword: emu.generatedAdminPassword,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.emulator?.close();
    this.emulator = undefined;
  }
}
