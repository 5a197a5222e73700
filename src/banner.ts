import { CognitoSettings } from './cognito/cognito-settings';

/**
 * What `npm start` in local mode tells the person at the terminal: where to click, how to sign in,
 * where the data lives. Plain text on stdout, beside the logs, whatever their format.
 */
export function localModeBanner(url: string, settings: CognitoSettings, metricsUrl?: string): string {
  const local = settings.local;
  if (!local) return '';
  const admin = {
    generated: `${local.adminUsername} / ${local.adminPassword}   (generated on first start; set LOCAL_ADMIN_PASSWORD to choose)`,
    setting: `${local.adminUsername}   (password from LOCAL_ADMIN_PASSWORD)`,
    stored: `${local.adminUsername} / ${local.adminPassword}   (the admin's current password in this local pool)`,
  }[local.adminPasswordSource];
  return [
    '',
    '  Cognito Gateway (local mode)',
    `  Swagger UI   ${url}/docs`,
    `  Admin user: ${admin}`,
    `  Cognito      ${settings.endpoint ?? ''}  pool ${settings.userPoolId}, clientId ${settings.clientId}`,
    `  Data         ${local.dataDir}   (delete it to start afresh)`,
    `  Health       ${url}/health/ready  ·  metrics ${metricsUrl ?? 'off (METRICS_PORT=off)'}`,
    '',
    '',
  ].join('\n');
}
