import * as path from 'node:path';
import { startLocalCognito } from './local-cognito';
import { readLocalCognitoSettings } from './local-cognito.settings';

/**
 * `npm run local-cognito`: the embedded local Cognito on its own. Prints one JSON line with the connection
 * details first, then one line per message "sent" (codes, temporary passwords); stops on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const settings = readLocalCognitoSettings(process.env);
  const emulator = await startLocalCognito({
    dataDir: path.resolve(settings.dataDir),
    port: settings.port,
    adminUsername: settings.adminUsername,
    adminPassword: settings.adminPassword,
    adminGroup: settings.adminGroup,
  });
  const { endpoint, userPoolId, clientId, region, issuer } = emulator;
  process.stdout.write(`${JSON.stringify({ endpoint, userPoolId, clientId, region, issuer })}\n`);
  const { password, source } = emulator.adminPassword;
  process.stdout.write(
    source === 'setting'
      ? `[local-cognito] admin user "${emulator.adminUsername}", password from LOCAL_ADMIN_PASSWORD\n`
      : `[local-cognito] admin user "${emulator.adminUsername}", password ${password} (${source === 'generated' ? 'generated now' : 'as stored in this pool'})\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`[local-cognito] error while closing: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`[local-cognito] failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
