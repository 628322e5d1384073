import { expect, type APIRequestContext, type Page } from '@playwright/test';

export interface Person {
  email: string;
  firstName: string;
  lastName: string;
  roles: string[];
  /** Chosen through the invitation link; none: the invitation stays pending. */
  password?: string;
}

/**
 * As the administrator whose session `request` carries, on a site without mail: invites a user
 * (the answer holds the invitation link) and, with a password, accepts the invitation with it.
 */
export async function createPerson(request: APIRequestContext, baseUrl: string, person: Person): Promise<string> {
  const { password, ...invite } = person;
  const res = await request.post(`${baseUrl}/api/admin/users`, { data: invite });
  expect(res.status(), await res.text()).toBe(201);
  const body = (await res.json()) as { id: string; link: string };
  if (password !== undefined) {
    const token = new URLSearchParams(new URL(body.link).hash.slice(1)).get('token');
    const accepted = await request.post(`${baseUrl}/api/auth/invitation/accept`, { data: { token, password } });
    expect(accepted.ok(), await accepted.text()).toBe(true);
  }
  return body.id;
}

/** Signs in through the API (whatever the page's language), then opens the dashboard. */
export async function signInQuietly(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  const res = await page.request.post(`${baseUrl}/api/auth/sign-in`, { data: { email, password } });
  expect(res.ok(), await res.text()).toBe(true);
  await page.goto(baseUrl);
}
