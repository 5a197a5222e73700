import { localModeBanner } from './banner';
import { CognitoSettings, LocalCognitoInfo } from './cognito/cognito-settings';

const banner = (local: LocalCognitoInfo) =>
  localModeBanner(
    'http://localhost:3000',
    new CognitoSettings('us-east-1', 'us-east-1_x', 'client', undefined, 'http://127.0.0.1:9229', local),
  );

describe('the local-mode banner tells the truth about the admin password', () => {
  const base = { dataDir: '/data', adminUsername: 'admin' };

  it('shows a password generated on this first start', () => {
    expect(banner({ ...base, adminPassword: 'Gen#1', adminPasswordSource: 'generated' })).toContain(
      'admin / Gen#1   (generated on first start',
    );
  });

  it('names LOCAL_ADMIN_PASSWORD only when the pool holds that password', () => {
    const text = banner({ ...base, adminPassword: 'Set#1', adminPasswordSource: 'setting' });
    expect(text).toContain('(password from LOCAL_ADMIN_PASSWORD)');
    expect(text).not.toContain('Set#1');
  });

  it('on a later start, shows the password the pool holds', () => {
    expect(banner({ ...base, adminPassword: 'Kept#1', adminPasswordSource: 'stored' })).toContain(
      "admin / Kept#1   (the admin's current password in this local pool)",
    );
  });
});
