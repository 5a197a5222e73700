import { Logger } from '@nestjs/common';
import { createApp } from './app.setup';
import { localModeBanner } from './banner';
import { CognitoSettings } from './cognito/cognito-settings';
import { AppConfig } from './config/app-config';
import { checkEnvironment } from './config/environment';
import { exitGracefullyOnSignals } from './graceful-shutdown';
import { MetricsServer } from './metrics/metrics.server';

async function bootstrap(): Promise<void> {
  checkEnvironment();
  const app = await createApp();
  exitGracefullyOnSignals(app);
  const config = app.get(AppConfig);
  const settings = app.get(CognitoSettings);
  await app.listen(config.port, '0.0.0.0');
  const url = `http://localhost:${config.port}`;
  const metricsUrl = app.get(MetricsServer).url;
  new Logger('Gateway').log(
    `Cognito Gateway listening on ${url}; API docs at ${url}/docs; ` +
      (metricsUrl ? `metrics at ${metricsUrl}` : 'no metrics (METRICS_PORT=off)'),
  );
  if (settings.local) process.stdout.write(localModeBanner(url, settings, metricsUrl));
  else new Logger('Gateway').log(`Cognito pool ${settings.userPoolId} (${settings.region})`);
}

bootstrap().catch((error: unknown) => {
  // One line naming the problem (e.g. the bad variable), not a stack trace.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Cognito Gateway failed to start: ${message}\n`);
  process.exit(1);
});
