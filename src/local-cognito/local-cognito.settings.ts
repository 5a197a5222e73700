/** Settings of the standalone local Cognito (`npm run local-cognito`). Pure: the environment is passed in. */
export interface LocalCognitoSettings {
  port: number;
  dataDir: string;
  adminUsername?: string;
  adminPassword?: string;
  adminGroup?: string;
}

export function readLocalCognitoSettings(env: NodeJS.ProcessEnv): LocalCognitoSettings {
  const rawPort = env.LOCAL_COGNITO_PORT?.trim() || '9229';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) {
    throw new Error(`LOCAL_COGNITO_PORT must be a port number 0-65535 (0 = random), got "${rawPort}"`);
  }
  const optional = (name: string): string | undefined => env[name]?.trim() || undefined;
  return {
    port,
    dataDir: optional('LOCAL_COGNITO_DIR') ?? '.local-cognito',
    adminUsername: optional('LOCAL_ADMIN_USERNAME'),
    adminPassword: env.LOCAL_ADMIN_PASSWORD || undefined,
    adminGroup: optional('ADMIN_GROUP'),
  };
}
