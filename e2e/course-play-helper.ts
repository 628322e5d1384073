import { expect, type Browser, type BrowserContext, type FrameLocator, type Page } from '@playwright/test';
import { createPerson, type Person } from './people-helper.js';
import { signIn } from './sign-in-helper.js';

/** On the course's page (an administrator's): publishes it and enrols a new learner; the course's id. */
export async function publishAndEnrol(page: Page, baseUrl: string, learner: Person): Promise<string> {
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('The course is published.')).toBeVisible();
  const courseId = new URL(page.url()).pathname.split('/').at(-1)!;
  const learnerId = await createPerson(page.request, baseUrl, learner);
  expect((await page.request.post(`${baseUrl}/api/learn/courses/${courseId}/enrolments`, { data: { userIds: [learnerId] } })).ok()).toBe(true);
  return courseId;
}

/** The learner signs in (a browser context of their own, English) and starts the course from My courses; its content frame. */
export async function startCourse(browser: Browser, baseUrl: string, learner: Person, course: string): Promise<{ context: BrowserContext; page: Page; content: FrameLocator }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
  const page = await context.newPage();
  await signIn(page, baseUrl, learner.email, learner.password!);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My courses' }).click();
  await page.getByRole('link', { name: `Start ${course}` }).click();
  return { context, page, content: page.frameLocator('iframe[title^="Course content"]').frameLocator('iframe') };
}

/** The learner leaves the player and finds the course among their completed ones. */
export async function exitToCompleted(page: Page, course: string): Promise<void> {
  await page.getByRole('button', { name: 'Exit' }).click();
  await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My courses' }).click();
  await expect(page.getByRole('region', { name: 'Completed (1)' }).getByRole('article', { name: course })).toBeVisible();
}
