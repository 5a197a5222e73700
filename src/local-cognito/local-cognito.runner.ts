import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import * as path from 'node:path';
import { CognitoSettings } from '../cognito/cognito-settings';
import { AppConfig } from '../config/app-config';
import type { LocalCognito } from './local-cognito';
import { describeMessage } from './messages';

/**
 * Starts the embedded local Cognito (local mode) and stops it with the app. The emulator is a
 * devDependency, so it is imported only here, once local mode has been chosen.
 */
@Injectable()
export class LocalCognitoRunner implements OnApplicationShutdown {
  private readonly logger = new Logger('LocalCognito');
  private emulator?: LocalCognito;

  async start(config: AppConfig): Promise<CognitoSettings> {
    const target = config.cognito;
    if (target.mode !== 'local') throw new Error('the local Cognito starts only in local mode');
    const { startLocalCognito } = await import('./local-cognito');
    const dataDir = path.resolve(target.dataDir);
    this.emulator = await startLocalCognito({
      dataDir,
      port: target.port,
      adminGroup: config.adminGroup,
      adminUsername: target.adminUsername,
      adminPassword: target.adminPassword,
      onMessage: (m) => this.logger.log(describeMessage(m)),
    });
    const emu = this.emulator;
    return new CognitoSettings(emu.region, emu.userPoolId, emu.clientId, undefined, emu.endpoint, {
      dataDir,
      adminUsername: emu.adminUsername,
      adminPassword: emu.adminPassword.password,
      adminPasswordSource: emu.adminPassword.source,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.emulator?.close();
    this.emulator = undefined;
  }
}
