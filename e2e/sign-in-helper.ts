import { expect, type Page } from '@playwright/test';

/** The sign-in page's words and the dashboard's greeting in each UI language (the language is the browser's). */
const WORDS = {
  en: { email: 'E-mail', password: 'Password', submit: 'Sign in', welcome: /^Welcome/ },
  de: { email: 'E-Mail', password: 'Passwort', submit: 'Anmelden', welcome: /^Willkommen/ },
} as const;

/** Signs in through the real sign-in page and waits for the dashboard's welcome heading. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string, language: keyof typeof WORDS = 'en'): Promise<void> {
  const words = WORDS[language];
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel(words.email, { exact: true }).fill(email);
  await page.getByLabel(words.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: words.submit }).click();
  await expect(page.getByRole('heading', { name: words.welcome })).toBeVisible();
}
