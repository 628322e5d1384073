import { expect, request, test, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { startServer, type RunningServer } from './server.js';

// Every new identity page in English and German: it renders its heading under the strict CSP
// without a complaint from the browser, and leaves a screenshot in test-results/identity/.

let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => {
  await server.stop();
});

function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

const TEXTS = {
  en: {
    signIn: 'Sign in',
    email: 'E-mail',
    password: 'Password',
    reset: 'Reset your password',
    choose: 'Choose a new password',
    invitation: 'Welcome to Lectern',
    confirm: 'Confirm your new e-mail address',
    account: 'My account',
    users: 'Users',
    importOpen: 'Import from CSV',
    importSubmit: 'Import',
    importRefused: 'Nothing was imported',
    settings: 'Settings',
    advanced: 'Show advanced settings',
    bans: 'Blocked addresses and accounts',
    warning: 'Are you still there?',
    welcome: 'Welcome, Demo',
    createToken: 'Create token',
    tokenName: 'Name',
    endOthers: 'Sign out everywhere else',
    ended: /other sessions? (was|were) ended/,
    wrongPassword: 'wrong password',
    signEveryoneOut: 'Sign everyone out',
    setUpMfa: 'Set up two-factor sign-in',
    currentPassword: 'Current password',
    continue: 'Continue',
    manualKey: 'Key for manual entry',
    mfaCode: '6-digit code',
    turnOn: 'Turn on',
    codesSaved: 'I have saved the codes',
    turnOff: 'Turn off',
    useRecovery: 'Use a recovery code instead',
    recoveryCode: 'Recovery code',
    invite: 'Invite user',
    actions: 'Actions for Demo Administrator',
    sessions: 'Sessions',
    close: 'Close',
    inviteTitle: 'Invite a user',
    sessionsTitle: 'Sessions of Demo Administrator',
    qr: 'QR code to add this account to an authenticator app',
  },
  de: {
    signIn: 'Anmelden',
    email: 'E-Mail',
    password: 'Passwort',
    reset: 'Passwort zurücksetzen',
    choose: 'Neues Passwort wählen',
    invitation: 'Willkommen bei Lectern',
    confirm: 'Neue E-Mail-Adresse bestätigen',
    account: 'Mein Konto',
    users: 'Benutzer',
    importOpen: 'Aus CSV importieren',
    importSubmit: 'Importieren',
    importRefused: 'Es wurde nichts importiert',
    settings: 'Einstellungen',
    advanced: 'Erweiterte Einstellungen anzeigen',
    bans: 'Gesperrte Adressen und Konten',
    warning: 'Sind Sie noch da?',
    welcome: 'Willkommen, Demo',
    createToken: 'Token erstellen',
    tokenName: 'Name',
    endOthers: 'Überall sonst abmelden',
    ended: /andere Sitzungen? (wurde|wurden) beendet/,
    wrongPassword: 'falsches Passwort',
    signEveryoneOut: 'Alle abmelden',
    setUpMfa: 'Zwei-Faktor-Anmeldung einrichten',
    currentPassword: 'Aktuelles Passwort',
    continue: 'Weiter',
    manualKey: 'Schlüssel zur manuellen Eingabe',
    mfaCode: '6-stelliger Code',
    turnOn: 'Einschalten',
    codesSaved: 'Ich habe die Codes gespeichert',
    turnOff: 'Ausschalten',
    useRecovery: 'Stattdessen einen Wiederherstellungscode verwenden',
    recoveryCode: 'Wiederherstellungscode',
    invite: 'Benutzer einladen',
    actions: 'Aktionen für Demo Administrator',
    sessions: 'Sitzungen',
    close: 'Schließen',
    inviteTitle: 'Einen Benutzer einladen',
    sessionsTitle: 'Sitzungen von Demo Administrator',
    qr: 'QR-Code, um dieses Konto zu einer Authenticator-App hinzuzufügen',
  },
} as const;

for (const language of ['en', 'de'] as const) {
  test.describe(`in ${language}`, () => {
    test.use({ locale: language === 'de' ? 'de-DE' : 'en-GB', viewport: { width: 1280, height: 900 } });
    const text = TEXTS[language];
    const shot = async (page: Page, name: string) => {
      // From the top: the fixed header would otherwise sit in the middle of a full-page picture.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `test-results/identity/${name}-${language}.png`, fullPage: true });
    };

    test('the public pages', async ({ page }) => {
      const problems = watchConsole(page);
      await page.goto(`${server.url}/sign-in`);
      await expect(page.getByRole('heading', { name: text.signIn })).toBeVisible();
      await shot(page, 'sign-in');

      await page.goto(`${server.url}/reset-password`);
      await expect(page.getByRole('heading', { name: text.reset })).toBeVisible();
      await shot(page, 'reset-request');
      await page.getByLabel(text.email, { exact: true }).fill('nobody@example.com');
      await page.getByRole('button').filter({ hasText: language === 'de' ? 'Link senden' : 'Send link' }).click();
      await expect(page.getByRole('status')).toBeVisible();
      await shot(page, 'reset-requested');

      await page.goto(`${server.url}/reset-password?token=not-a-real-token`);
      await expect(page.getByRole('heading', { name: text.choose })).toBeVisible();
      await page.getByLabel(language === 'de' ? 'Neues Passwort' : 'New password', { exact: true }).fill('short');
      await expect(page.locator('[data-rule="min_length"]')).toHaveAttribute('data-state', 'unmet');
      await shot(page, 'reset-choose');

      await page.goto(`${server.url}/accept-invitation?token=not-a-real-token`);
      await expect(page.getByRole('heading', { name: text.invitation })).toBeVisible();
      await shot(page, 'invitation');

      await page.goto(`${server.url}/confirm-email?token=not-a-real-token`);
      await expect(page.getByRole('heading', { name: text.confirm })).toBeVisible();
      await page.getByRole('button').filter({ hasText: language === 'de' ? 'Adresse bestätigen' : 'Confirm address' }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await shot(page, 'confirm-email-failed');
      expect(problems).toEqual([]);
    });

    test('the signed-in pages', async ({ page }) => {
      const problems = watchConsole(page);
      await page.clock.install();
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel(text.email, { exact: true }).fill(server.adminEmail);
      await page.getByLabel(text.password, { exact: true }).fill(server.adminPassword);
      await page.getByRole('button', { name: text.signIn }).click();
      await expect(page.getByRole('heading', { name: text.welcome })).toBeVisible();

      await page.goto(`${server.url}/account`);
      await expect(page.getByRole('heading', { name: text.account, level: 1 })).toBeVisible();
      await expect(page.getByRole('table').first()).toBeVisible();
      await shot(page, 'account');

      await page.goto(`${server.url}/users`);
      await expect(page.getByRole('heading', { name: text.users, level: 1 })).toBeVisible();
      await page.getByRole('button', { name: text.importOpen }).click();
      const csv = ['email,first name,last name,roles', 'x@example.com,,Doe,learner', 'y@example,Ann,Lee,king'].join('\n');
      await page.locator('input[type=file]').setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: text.importSubmit, exact: true }).click();
      // The page may also say that mail is off: the import's own alert is the one to wait for.
      await expect(page.getByRole('alert', { name: text.importRefused })).toBeVisible();
      await shot(page, 'users-import-errors');

      await page.goto(`${server.url}/settings`);
      await expect(page.getByRole('heading', { name: text.settings, level: 1 })).toBeVisible();
      await page.getByRole('button', { name: text.advanced }).click();
      await shot(page, 'settings');

      await page.goto(`${server.url}/settings/security`);
      await expect(page.getByRole('heading', { name: text.bans })).toBeVisible();
      await shot(page, 'security');

      // The inactivity warning, at the default 20 minutes: 19 idle minutes later.
      const status = page.waitForResponse((r) => r.url().endsWith('/api/auth/session/status'));
      await page.goto(`${server.url}/`);
      await expect(page.getByRole('heading', { name: text.welcome })).toBeVisible();
      await status;
      await page.clock.fastForward('19:01');
      const dialog = page.getByRole('dialog', { name: text.warning });
      await expect(dialog).toBeVisible();
      await expect(dialog).toHaveCSS('opacity', '1');
      await shot(page, 'timeout-warning');
      expect(problems).toEqual([]);
    });

    test('the account and user dialogs', async ({ page }) => {
      const problems = watchConsole(page);
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel(text.email, { exact: true }).fill(server.adminEmail);
      await page.getByLabel(text.password, { exact: true }).fill(server.adminPassword);
      await page.getByRole('button', { name: text.signIn }).click();
      await expect(page.getByRole('heading', { name: text.welcome })).toBeVisible();

      await page.goto(`${server.url}/account`);
      await page.getByRole('button', { name: text.createToken }).click();
      await page.getByLabel(text.tokenName, { exact: true }).fill(`Authoring tool (${language})`);
      await page.getByRole('checkbox', { name: 'content:publish' }).check();
      // A token outlives the session: making one asks for the password.
      await page.getByRole('form', { name: text.createToken }).getByLabel(text.currentPassword, { exact: true }).fill(server.adminPassword);
      await page.getByRole('button', { name: text.createToken }).click();
      await expect(page.getByText(/^lct_/).first()).toBeVisible();
      await shot(page, 'account-token-created');

      const mfa = page.locator('#two-factor');
      await mfa.getByRole('button', { name: text.setUpMfa }).click();
      await mfa.getByLabel(text.currentPassword, { exact: true }).fill(server.adminPassword);
      await mfa.getByRole('button', { name: text.continue }).click();
      const qr = mfa.getByRole('img', { name: text.qr });
      await expect(qr).toBeVisible();
      await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      await qr.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/identity/account-mfa-scan-${language}.png` });
      const secret = ((await mfa.getByLabel(text.manualKey).textContent()) ?? '').replace(/\s+/g, '');
      await mfa.getByLabel(text.mfaCode).fill(new TOTP({ secret: Secret.fromBase32(secret) }).generate());
      await mfa.getByRole('button', { name: text.turnOn }).click();
      await expect(mfa.getByRole('listitem')).toHaveCount(10);
      const codes = await mfa.getByRole('listitem').allTextContents();
      await page.screenshot({ path: `test-results/identity/account-mfa-codes-${language}.png` });
      await mfa.getByRole('button', { name: text.codesSaved }).click();
      await mfa.getByRole('button', { name: text.turnOff }).click();
      await mfa.getByLabel(text.currentPassword, { exact: true }).fill(server.adminPassword);
      await mfa.getByRole('button', { name: text.useRecovery }).click();
      await mfa.getByLabel(text.recoveryCode).fill(codes[0] ?? '');
      await mfa.getByRole('button', { name: text.turnOff }).click();
      await expect(mfa.getByRole('button', { name: text.setUpMfa })).toBeVisible();

      // Signed in elsewhere too: signing out there asks for the password first.
      const elsewhere = await request.newContext({ ignoreHTTPSErrors: true });
      expect((await elsewhere.post(`${server.url}/api/auth/sign-in`, { data: { email: server.adminEmail, password: server.adminPassword } })).ok()).toBe(true);
      await page.reload();
      await page.getByRole('button', { name: text.endOthers }).click();
      const confirm = page.getByRole('dialog', { name: text.endOthers.replace(/$/, '?') });
      await confirm.getByLabel(text.currentPassword, { exact: true }).fill('Not-The-Password-1');
      await confirm.getByRole('button', { name: text.endOthers }).click();
      await expect(confirm.getByText(text.wrongPassword)).toBeVisible();
      await page.screenshot({ path: `test-results/identity/account-sessions-password-${language}.png` });
      await confirm.getByLabel(text.currentPassword, { exact: true }).fill(server.adminPassword);
      await confirm.getByRole('button', { name: text.endOthers }).click();
      // The other tests' sessions of this administrator end too.
      await expect(page.getByRole('status').filter({ hasText: text.ended })).toBeVisible();
      expect((await elsewhere.get(`${server.url}/api/auth/session`)).status()).toBe(401);
      await elsewhere.dispose();

      await page.goto(`${server.url}/users`);
      await page.getByRole('button', { name: text.invite }).click();
      const invite = page.getByRole('dialog', { name: text.inviteTitle });
      await expect(invite).toBeVisible();
      await expect(invite).toHaveCSS('opacity', '1');
      await page.screenshot({ path: `test-results/identity/users-invite-${language}.png` });
      await invite.getByRole('button', { name: language === 'de' ? 'Abbrechen' : 'Cancel' }).click();
      await page.getByRole('button', { name: text.actions }).click();
      await page.getByRole('menuitem', { name: text.sessions }).click();
      await expect(invite).toBeHidden();
      const sessions = page.getByRole('dialog', { name: text.sessionsTitle });
      await expect(sessions.getByRole('table')).toBeVisible();
      await expect(sessions).toHaveCSS('opacity', '1');
      await page.screenshot({ path: `test-results/identity/users-sessions-${language}.png` });
      await page.keyboard.press('Escape');
      await expect(sessions).toBeHidden();
      await page.getByRole('button', { name: text.signEveryoneOut }).click();
      const everyone = page.getByRole('dialog', { name: `${text.signEveryoneOut}?` });
      await expect(everyone).toHaveCSS('opacity', '1');
      await page.screenshot({ path: `test-results/identity/users-sign-everyone-out-${language}.png` });
      await everyone.getByRole('button', { name: text.signEveryoneOut }).click();
      await expect(everyone).toBeHidden();
      await expect(page.getByRole('status').filter({ hasText: language === 'de' ? 'Sie bleiben angemeldet' : 'you are still signed in' })).toBeVisible();
      expect(problems).toEqual([]);
    });
  });
}
