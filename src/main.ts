import { Logger } from '@nestjs/common';
import { createApp } from './app.setup';
import { CognitoSettings } from './cognito/cognito-settings';
import { AppConfig } from './config/app-config';
import { checkEnvironment } from './config/environment';

async function bootstrap(): Promise<void> {
  checkEnvironment();
  const app = await createApp();
  const config = app.get(AppConfig);
  const settings = app.get(CognitoSettings);
  await app.listen(config.port, '0.0.0.0');
  const url = `http://localhost:${config.port}`;
  const logger = new Logger('Gateway');
  logger.log(`Cognito Gateway listening on ${url} — Swagger UI at ${url}/docs`);
  if (settings.local) {
    logger.log(
      `Local mode: embedded Cognito at ${settings.endpoint} (pool ${settings.userPoolId}, clientId ${settings.clientId}), data in ${settings.local.dataDir}`,
    );
    const password = settings.local.generatedAdminPassword;
    logger.log(
      password
        ? `Admin user: ${settings.local.adminUsername} / ${password} (generated; set LOCAL_ADMIN_PASSWORD to choose)`
        : `Admin user: ${settings.local.adminUsername}`,
    );
  } else {
    logger.log(`Cognito pool ${settings.userPoolId} (${settings.region})`);
  }
}

bootstrap().catch((error: unknown) => {
  // One line naming the problem (e.g. the bad variable), not a stack trace.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Cognito Gateway failed to start: ${message}\n`);
  process.exit(1);
});
