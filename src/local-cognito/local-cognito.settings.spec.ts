import { readLocalCognitoSettings } from './local-cognito.settings';

describe('readLocalCognitoSettings', () => {
  it('defaults to port 9229 and .local-cognito', () => {
    expect(readLocalCognitoSettings({})).toEqual({
      port: 9229,
      dataDir: '.local-cognito',
      adminUsername: undefined,
      adminPassword: undefined,
      adminGroup: undefined,
    });
  });

  it('reads port (0 allowed), dir and the admin settings', () => {
    expect(
      readLocalCognitoSettings({
        LOCAL_COGNITO_PORT: '0',
        LOCAL_COGNITO_DIR: '/tmp/x',
        LOCAL_ADMIN_USERNAME: 'root',
        LOCAL_ADMIN_PASSWORD: ' Secret#1 ',
        ADMIN_GROUP: 'ops',
      }),
    ).toEqual({
      port: 0,
      dataDir: '/tmp/x',
      adminUsername: 'root',
      adminPassword: ' Secret#1 ',
      adminGroup: 'ops',
    });
  });

  it.each(['abc', '-1', '65536', '1.5'])('rejects LOCAL_COGNITO_PORT=%s with a message naming it', (port) => {
    expect(() => readLocalCognitoSettings({ LOCAL_COGNITO_PORT: port })).toThrow(/LOCAL_COGNITO_PORT/);
  });
});
