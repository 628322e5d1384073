import { expect, type Page } from '@playwright/test';
import { sentTo, tokenFromMail, type TestSmtpServer } from '../test/smtp-server.js';

export interface InvitedLearner {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/**
 * As the administrator signed in on `page`: invites a learner (the invitation arrives by real
 * mail and is accepted with the learner's password); answers the learner's id.
 */
export async function invite(page: Page, baseUrl: string, smtp: TestSmtpServer, learner: InvitedLearner): Promise<string> {
  const invited = await page.request.post(`${baseUrl}/api/admin/users`, {
    data: { email: learner.email, firstName: learner.firstName, lastName: learner.lastName, roles: ['learner'] },
  });
  expect(invited.status()).toBe(201);
  const learnerId = (await invited.json()).id as string;
  const invitation = await smtp.waitForMail(sentTo(learner.email), 20_000);
  const accepted = await page.request.post(`${baseUrl}/api/auth/invitation/accept`, {
    data: { token: tokenFromMail(invitation, '/accept-invitation'), password: learner.password },
  });
  expect(accepted.ok()).toBe(true);
  return learnerId;
}

/** As `invite`, and enrols the learner on the course titled `course`. */
export async function inviteAndEnrol(page: Page, baseUrl: string, smtp: TestSmtpServer, learner: InvitedLearner, course: string): Promise<{ learnerId: string; courseId: string }> {
  const learnerId = await invite(page, baseUrl, smtp, learner);
  const courses = await page.request.get(`${baseUrl}/api/learn/courses?q=${encodeURIComponent(course)}`);
  const courseId = (await courses.json()).courses[0].id as string;
  const enrolled = await page.request.post(`${baseUrl}/api/learn/courses/${courseId}/enrolments`, { data: { userIds: [learnerId] } });
  expect(enrolled.ok(), await enrolled.text()).toBe(true);
  return { learnerId, courseId };
}
