import { readFileSync } from 'node:fs';
import { expect, request, test, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { startServer, type RunningServer } from './server.js';

let server: RunningServer;
// Changed by the password test; the tests after it sign in with the new one.
let adminPassword: string;

test.beforeAll(async () => {
  server = await startServer();
  adminPassword = server.adminPassword;
});
test.afterAll(async () => {
  await server.stop();
});

/** Collects every Content-Security-Policy complaint and page error the browser reports. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

async function signIn(page: Page, email = server.adminEmail, password = adminPassword): Promise<void> {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();
}

async function sessionStatus(page: Page): Promise<{ idleExpiresAt: string; idleTimeoutSeconds: number }> {
  const response = await page.request.get(`${server.url}/api/auth/session/status`);
  expect(response.status()).toBe(200);
  return (await response.json()) as { idleExpiresAt: string; idleTimeoutSeconds: number };
}

test('the inactivity warning counts down, "Stay signed in" keeps the session, and at the end the session is over', async ({ page }) => {
  const problems = watchConsole(page);
  await page.clock.install();
  await signIn(page);
  const patched = await page.request.patch(`${server.url}/api/admin/settings`, { data: { session: { idleMinutes: 5 } } });
  expect(patched.status()).toBe(200);

  const firstStatus = page.waitForResponse((r) => r.url().endsWith('/api/auth/session/status') && r.ok());
  await page.goto(`${server.url}/account`);
  await expect(page.getByRole('heading', { name: 'My account', level: 1 })).toBeVisible();
  await firstStatus;
  const before = await sessionStatus(page);
  expect(before.idleTimeoutSeconds).toBe(300);

  // Four idle minutes later: one minute left.
  await page.clock.fastForward('04:01');
  const dialog = page.getByRole('dialog', { name: 'Are you still there?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/You will be signed out in 0:5\d because of inactivity\./);
  await expect(dialog.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
  // The countdown runs.
  await page.clock.fastForward(5_000);
  await expect(dialog).toContainText(/signed out in 0:(4\d|5[0-4]) because/);

  const keptAlive = page.waitForResponse((r) => r.url().endsWith('/api/auth/session/keep-alive'));
  await dialog.getByRole('button', { name: 'Stay signed in' }).click();
  expect((await keptAlive).status()).toBe(200);
  await expect(dialog).toBeHidden();
  const after = await sessionStatus(page);
  expect(Date.parse(after.idleExpiresAt)).toBeGreaterThan(Date.parse(before.idleExpiresAt));

  // Later polls do not bring the warning back while time is left.
  await page.clock.fastForward('02:00');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'My account', level: 1 })).toBeVisible();

  // Idle again until the end: the session ends on the server too, and the sign-in page says why.
  const cookie = (await page.context().cookies()).find((c) => c.name === '__Host-lectern_session');
  expect(cookie).toBeDefined();
  await page.clock.fastForward('02:01');
  await expect(dialog).toBeVisible();
  await page.clock.fastForward('01:00');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount$/);
  await expect(page.getByRole('status').filter({ hasText: 'Your session has ended. Please sign in again.' })).toBeVisible();
  const outsider = await request.newContext({ ignoreHTTPSErrors: true });
  const old = await outsider.get(`${server.url}/api/auth/session`, { headers: { cookie: `__Host-lectern_session=${cookie?.value ?? ''}` } });
  expect(old.status()).toBe(401);
  await outsider.dispose();
  expect(problems).toEqual([]);
});

test('the password rules react while typing, and the password can be changed', async ({ page }) => {
  const problems = watchConsole(page);
  await signIn(page);
  await page.getByRole('button', { name: /: account$/ }).click();
  await page.getByRole('menuitem', { name: 'My account' }).click();
  await expect(page.getByRole('heading', { name: 'My account', level: 1 })).toBeVisible();

  const form = page.getByRole('form', { name: 'Change password' });
  const rules = form.getByRole('list', { name: 'Password rules' });
  const rule = (text: string) => rules.getByRole('listitem').filter({ hasText: text });
  await expect(rule('8 characters')).toHaveAttribute('data-state', 'unknown');

  await form.getByLabel('Current password', { exact: true }).fill(adminPassword);
  const newPassword = form.getByLabel('New password', { exact: true });
  await newPassword.pressSequentially('meadows', { delay: 30 });
  await expect(rule('8 characters')).toHaveAttribute('data-state', 'unmet');
  await expect(rule('upper-case')).toHaveAttribute('data-state', 'unmet');
  await expect(rule('digit')).toHaveAttribute('data-state', 'unmet');
  await expect(rules).toHaveAttribute('aria-live', 'polite');

  await newPassword.pressSequentially('Garden7', { delay: 30 });
  await expect(rule('8 characters')).toHaveAttribute('data-state', 'met');
  await expect(rule('upper-case')).toHaveAttribute('data-state', 'met');
  await expect(rule('digit')).toHaveAttribute('data-state', 'met');
  await expect(rule('8 characters')).toContainText('Met:');
  await expect(form.getByText('of 5 password rules met').or(form.getByText(/\d of \d+ password rules met/))).toBeVisible();

  const chosen = 'meadowsGarden7';
  await form.getByLabel('Repeat the new password', { exact: true }).fill('meadowsGarden8');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('The two passwords are not the same.')).toBeVisible();
  await form.getByLabel('Repeat the new password', { exact: true }).fill(chosen);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByRole('status')).toContainText('Your password has been changed.');
  adminPassword = chosen;

  // Still signed in here; a new sign-in needs the new password.
  await page.getByRole('button', { name: /: account$/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await signIn(page, server.adminEmail, chosen);
  expect(problems).toEqual([]);
});

test('an administrator imports users from CSV: a bad line is shown with its line number, a good file lists the users', async ({ page }) => {
  const problems = watchConsole(page);
  await signIn(page);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Import from CSV' }).click();
  const panel = page.getByRole('region', { name: 'Import users from a CSV file' });
  const fileInput = panel.locator('input[type=file]');

  const bad = ['email,first name,last name,roles', 'ada@example.com,Ada,Lovelace,learner', 'not-an-address,Grace,Hopper,instructor'].join('\n');
  await fileInput.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await panel.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(panel.getByRole('alert')).toContainText('Nothing was imported');
  const problemsTable = panel.getByRole('table', { name: 'Problems in the file' });
  await expect(problemsTable.getByRole('row')).toHaveCount(2);
  await expect(problemsTable.getByRole('row').nth(1)).toContainText('3');
  await expect(problemsTable.getByRole('row').nth(1)).toContainText('E-mail');
  await expect(problemsTable.getByRole('row').nth(1)).toContainText('not a valid e-mail address');
  await expect(page.getByRole('table', { name: 'Users' }).getByText('ada@example.com')).toHaveCount(0);

  const good = ['email;first name;last name;roles', 'ada@example.com;Ada;Lovelace;learner', 'grace@example.com;Grace;Hopper;instructor|manager'].join('\n');
  await fileInput.setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await panel.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(panel.getByRole('status')).toContainText('2 users imported');
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users.getByRole('row').filter({ hasText: 'ada@example.com' })).toContainText('Learner');
  await expect(users.getByRole('row').filter({ hasText: 'grace@example.com' })).toContainText('Manager');

  // The same people again, with German role names and "manager;learner" unquoted in a semicolon file: updated, as chosen.
  const again = ['E-Mail;Vorname;Nachname;Rollen', 'ada@example.com;Ada;King;Trainer/in;Teilnehmer/in', 'alan@example.com;Alan;Turing;manager;learner'].join('\n');
  await fileInput.setInputFiles({ name: 'again.csv', mimeType: 'text/csv', buffer: Buffer.from(again) });
  await panel.getByRole('radio', { name: 'Update their names and roles' }).check();
  await panel.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(panel.getByRole('status')).toContainText('1 user imported');
  await expect(panel.getByRole('status')).toContainText('1 existing user updated.');
  await expect(users.getByRole('row').filter({ hasText: 'ada@example.com' })).toContainText('King');
  await expect(users.getByRole('row').filter({ hasText: 'ada@example.com' })).toContainText('Instructor');
  await expect(users.getByRole('row').filter({ hasText: 'alan@example.com' })).toContainText('Manager');

  // Search and role filter narrow the list.
  await page.getByLabel('Search name or e-mail').fill('grace');
  await expect(users.getByRole('row')).toHaveCount(2);
  await page.getByLabel('Search name or e-mail').fill('');
  await page.getByLabel('Role', { exact: true }).selectOption('learner');
  await expect(users.getByRole('row').filter({ hasText: 'ada@example.com' })).toBeVisible();
  await expect(users.getByRole('row').filter({ hasText: 'grace@example.com' })).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('an administrator changes a setting, a wrong value is refused at its field, and the change persists after reload', async ({ page }) => {
  const problems = watchConsole(page);
  await signIn(page);
  await page.goto(`${server.url}/settings`);
  const idle = page.getByLabel('Sign out after inactivity (minutes)');
  await expect(idle).toBeVisible();

  await idle.fill('3');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(idle).toHaveAttribute('aria-invalid', 'true');
  await expect(idle).toBeFocused();

  await idle.fill('45');
  await page.getByRole('radio', { name: 'NIST SP 800-63B' }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The settings were saved.' })).toBeVisible();
  await expect(idle).not.toHaveAttribute('aria-invalid', 'true');

  await page.reload();
  await expect(page.getByLabel('Sign out after inactivity (minutes)')).toHaveValue('45');
  await expect(page.getByRole('radio', { name: 'NIST SP 800-63B' })).toBeChecked();
  expect((await sessionStatus(page)).idleTimeoutSeconds).toBe(45 * 60);
  const policy = await page.request.get(`${server.url}/api/tenant/password-policy`);
  expect(((await policy.json()) as { minLength: number }).minLength).toBe(15);

  // The advanced part opens on request and keeps its values.
  await page.getByRole('button', { name: 'Show advanced settings' }).click();
  await expect(page.getByLabel('First block (minutes)')).toHaveValue('15');

  // Back to the standard rules, so the other tests on this server see the defaults.
  await page.getByRole('radio', { name: 'Standard' }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The settings were saved.' })).toBeVisible();
  expect(problems).toEqual([]);
});

test('two-factor sign-in: required for administrators, set up with the app, recovery codes shown once, then asked at sign-in', async ({ page }) => {
  const problems = watchConsole(page);
  await signIn(page);
  await page.goto(`${server.url}/settings`);
  await page.getByRole('group', { name: 'Require two-factor sign-in for these roles' }).getByRole('checkbox', { name: 'Administrator' }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The settings were saved.' })).toBeVisible();

  // Administration now waits for the second factor: sign-in leads to where it is set up.
  await page.getByRole('button', { name: /: account$/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByLabel('E-mail', { exact: true }).fill(server.adminEmail);
  await page.getByLabel('Password', { exact: true }).fill(adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account#two-factor$/);
  await expect(page.getByRole('status').filter({ hasText: 'Two-factor sign-in required' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole('main').getByRole('alert').filter({ hasText: 'This site requires two-factor sign-in for your role: set it up first.' })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Set it up now' }).first().click();

  const mfa = page.getByRole('region', { name: 'Two-factor sign-in' });
  await mfa.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await mfa.getByLabel('Current password', { exact: true }).fill(adminPassword);
  await mfa.getByRole('button', { name: 'Continue' }).click();

  const qr = mfa.getByRole('img', { name: 'QR code to add this account to an authenticator app' });
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  const secret = ((await mfa.getByLabel('Key for manual entry').textContent()) ?? '').replace(/\s+/g, '');
  const app = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  await mfa.getByLabel('6-digit code').fill(app.generate());
  await mfa.getByRole('button', { name: 'Turn on' }).click();

  const codes = mfa.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const recoveryCodes = await codes.allTextContents();
  const download = page.waitForEvent('download');
  await mfa.getByRole('button', { name: 'Download as text file' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('demo-recovery-codes.txt');
  const text = readFileSync(await file.path(), 'utf8');
  for (const code of recoveryCodes) expect(text).toContain(code);
  await mfa.getByRole('button', { name: 'I have saved the codes' }).click();
  await expect(mfa.getByRole('status').filter({ hasText: 'Two-factor sign-in is on.' })).toBeVisible();
  await expect(mfa.getByText('10 recovery codes left.')).toBeVisible();
  await expect(codes).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Two-factor sign-in required' })).toHaveCount(0);

  // Signing in now takes a second step; a wrong code is refused, a recovery code works.
  await page.getByRole('button', { name: /: account$/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByLabel('E-mail', { exact: true }).fill(server.adminEmail);
  await page.getByLabel('Password', { exact: true }).fill(adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter the 6-digit code from your authenticator app.')).toBeVisible();
  const codeInput = page.getByLabel('Code from the app');
  await expect(codeInput).toBeFocused();
  await codeInput.fill('000000');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(recoveryCodes[0] ?? '');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();

  // Administration is open again.
  await page.goto(`${server.url}/settings`);
  await page.getByRole('group', { name: 'Require two-factor sign-in for these roles' }).getByRole('checkbox', { name: 'Administrator' }).uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The settings were saved.' })).toBeVisible();

  // Turning it off needs the password and a second factor.
  await page.goto(`${server.url}/account#two-factor`);
  await mfa.getByRole('button', { name: 'Turn off' }).click();
  await mfa.getByLabel('Current password', { exact: true }).fill(adminPassword);
  await mfa.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await mfa.getByLabel('Recovery code').fill(recoveryCodes[1] ?? '');
  await mfa.getByRole('button', { name: 'Turn off' }).click();
  await expect(mfa.getByRole('status').filter({ hasText: 'Two-factor sign-in is off.' })).toBeVisible();
  expect(problems).toEqual([]);
});
