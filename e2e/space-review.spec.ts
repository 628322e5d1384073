import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { buildScormPackage } from '../test/scorm-packages.js';
import { expectAccessible } from './accessibility.js';
import { createPerson } from './people-helper.js';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';
import { expectFitsAndAccessible, onePagePdf, solidPng, uploadToSpace, VIDEO } from './space-helper.js';

// Sharing, review and publishing on a file's page in the Space, on a phone (390 px), in German and
// English, axe clean at each step: a member makes a link with a password and revokes it; comments
// on a video at the moment the player is at, seeks there from the comment, replies, resolves it,
// filters and exports the comments, and sees it marked once the file has a newer version; asks a
// second member for a review, who finds it under "My reviews" and marks it done; publishes a course
// package to Learn and follows the link to the course it became.

const server = serverForThisFile();

const PHONE = { width: 390, height: 844 };
const LINK_PASSWORD = 'Review-Secret-2031';
const REVIEWER_PASSWORD = 'Careful-Reader-2031';



const TEXTS = {
  en: {
    locale: 'en-GB',
    share: 'Share',
    shareTitle: (name: string) => `Share “${name}”`,
    passwordOptional: 'Password (optional)',
    expiresOn: 'Open until (optional)',
    createLink: 'Create link',
    created: 'The link was created.',
    links: 'Links',
    password: 'Password',
    yes: 'Yes',
    active: 'Active',
    revokedState: 'Revoked',
    copyLink: 'Copy link',
    copied: 'Copied',
    url: 'Link address',
    embedCode: 'Embed code',
    revoke: /^Revoke the link of .* to /,
    revokeConfirm: 'Revoke link',
    revoked: 'The link was revoked.',
    passwordShort: 'The password needs at least 8 characters.',
    expiryPast: 'The expiry date must be in the future.',
    close: 'Close',
    comments: 'Comments',
    atTime: (time: string) => `At ${time} (where the player is)`,
    comment: 'Comment',
    addComment: 'Add comment',
    commentAdded: 'Your comment was added.',
    seek: (time: string) => `Play from ${time}`,
    replyNamed: /^Reply to .* \(00:03\)$/,
    replyLabel: /^Your reply to /,
    sendReply: 'Send reply',
    replied: 'Your reply was added.',
    open: 'Open',
    resolveNamed: /^Resolve the comment of .* \(00:03\)$/,
    resolved: 'Resolved',
    resolvedNote: 'The comment was resolved.',
    reopenNamed: /^Reopen the comment of /,
    status: 'Status',
    noneFound: 'No comment matches.',
    csv: 'Export as CSV',
    onVersion: 'On version 1',
    reviewRequests: 'Review requests',
    requestReview: 'Request review',
    requestTitle: (name: string) => `Request a review of “${name}”`,
    reviewers: 'Reviewers',
    reviewersMissing: 'Choose at least one member or add a guest.',
    message: 'Message (optional)',
    sendRequest: 'Send request',
    requested: 'The review was requested.',
    progress: (done: number, total: number) => `${String(done)} of ${String(total)} done`,
    notDone: (name: string) => `${name}: not done yet`,
    doneOn: (name: string) => new RegExp(`^✓ ${name}: done on `),
    spaceTabs: 'Space sections',
    myReviews: 'My reviews',
    finishNamed: (name: string) => `My review is done: ${name}`,
    finished: (name: string) => `Your review of “${name}” is marked done.`,
    nothingWaiting: 'No review is waiting for you.',
    published: 'Published in Learn',
    publish: 'Publish to Learn',
    queued: 'The package was sent to Learn. The list below says when its import is done.',
    where: 'Where it is published',
    publishedState: 'Published',
    versionOfFile: 'Version 1 of the file',
    updateCourse: (title: string) => `Publish as a new version of “${title}”`,
    courseVersion: (version: number) => `(its version ${String(version)})`,
  },
  de: {
    locale: 'de-DE',
    share: 'Teilen',
    shareTitle: (name: string) => `„${name}“ teilen`,
    passwordOptional: 'Passwort (optional)',
    expiresOn: 'Gültig bis (optional)',
    createLink: 'Link erstellen',
    created: 'Der Link wurde erstellt.',
    links: 'Links',
    password: 'Passwort',
    yes: 'Ja',
    active: 'Aktiv',
    revokedState: 'Widerrufen',
    copyLink: 'Link kopieren',
    copied: 'Kopiert',
    url: 'Adresse des Links',
    embedCode: 'Code zum Einbetten',
    revoke: /^Link vom .* zu .* widerrufen$/,
    revokeConfirm: 'Link widerrufen',
    revoked: 'Der Link wurde widerrufen.',
    passwordShort: 'Das Passwort braucht mindestens 8 Zeichen.',
    expiryPast: 'Das Ablaufdatum muss in der Zukunft liegen.',
    close: 'Schließen',
    comments: 'Kommentare',
    atTime: (time: string) => `Bei ${time} (wo der Player steht)`,
    comment: 'Kommentar',
    addComment: 'Kommentar hinzufügen',
    commentAdded: 'Ihr Kommentar wurde hinzugefügt.',
    seek: (time: string) => `Ab ${time} abspielen`,
    replyNamed: /^.* antworten \(00:03\)$/,
    replyLabel: /^Ihre Antwort an /,
    sendReply: 'Antwort senden',
    replied: 'Ihre Antwort wurde hinzugefügt.',
    open: 'Offen',
    resolveNamed: /^Kommentar von .* als erledigt markieren \(00:03\)$/,
    resolved: 'Erledigt',
    resolvedNote: 'Der Kommentar ist erledigt.',
    reopenNamed: /^Kommentar von .* wieder öffnen/,
    status: 'Status',
    noneFound: 'Kein Kommentar passt.',
    csv: 'Als CSV exportieren',
    onVersion: 'Zu Version 1',
    reviewRequests: 'Review-Anfragen',
    requestReview: 'Review anfordern',
    requestTitle: (name: string) => `Review von „${name}“ anfordern`,
    reviewers: 'Reviewer',
    reviewersMissing: 'Wählen Sie mindestens ein Mitglied, oder fügen Sie einen Gast hinzu.',
    message: 'Nachricht (optional)',
    sendRequest: 'Anfrage senden',
    requested: 'Das Review wurde angefordert.',
    progress: (done: number, total: number) => `${String(done)} von ${String(total)} erledigt`,
    notDone: (name: string) => `${name}: noch nicht erledigt`,
    doneOn: (name: string) => new RegExp(`^✓ ${name}: erledigt am `),
    spaceTabs: 'Bereiche des Space',
    myReviews: 'Meine Reviews',
    finishNamed: (name: string) => `Mein Review ist erledigt: ${name}`,
    finished: (name: string) => `Ihr Review von „${name}“ ist als erledigt vermerkt.`,
    nothingWaiting: 'Kein Review wartet auf Sie.',
    published: 'In Learn veröffentlicht',
    publish: 'In Learn veröffentlichen',
    queued: 'Das Paket wurde an Learn übergeben. Die Liste unten zeigt, wann der Import fertig ist.',
    where: 'Wo sie veröffentlicht ist',
    publishedState: 'Veröffentlicht',
    versionOfFile: 'Version 1 der Datei',
    updateCourse: (title: string) => `Als neue Version von „${title}“ veröffentlichen`,
    courseVersion: (version: number) => `(dessen Version ${String(version)})`,
  },
} as const;

for (const language of ['en', 'de'] as const) {
  const text = TEXTS[language];

  test(`a member makes a share link with a password and revokes it (${language}, 390 px)`, async ({ browser }) => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: text.locale, viewport: PHONE, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await signIn(page, server.url, server.adminEmail, server.adminPassword, language);
    const name = `tour-${language}.webm`;
    const id = await uploadToSpace(page.request, server.url, name, VIDEO);
    await page.goto(`${server.url}/space/items/${id}`);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expectFitsAndAccessible(page);

    await page.getByRole('button', { name: text.share, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: text.shareTitle(name) });
    await expect(dialog).toBeVisible();
    await expectFitsAndAccessible(page);

    // Refusals at their field: a password too short (said before asking), an expiry in the past (the server's).
    await dialog.getByLabel(text.passwordOptional, { exact: true }).fill('short');
    await dialog.getByRole('button', { name: text.createLink }).click();
    await expect(dialog.getByText(text.passwordShort)).toBeVisible();
    await dialog.getByLabel(text.passwordOptional, { exact: true }).fill(LINK_PASSWORD);
    await dialog.getByLabel(text.expiresOn).fill('2020-01-01');
    await dialog.getByRole('button', { name: text.createLink }).click();
    await expect(dialog.getByText(text.expiryPast)).toBeVisible();
    await expectAccessible(page);
    await dialog.getByLabel(text.expiresOn).fill('');

    await dialog.getByRole('button', { name: text.createLink }).click();
    await expect(dialog.getByRole('status').filter({ hasText: text.created })).toBeVisible();
    const links = dialog.getByRole('list', { name: text.links });
    const link = links.getByRole('listitem').first();
    await expect(link.getByText(text.active, { exact: true })).toBeVisible();
    await expect(link.locator('dt', { hasText: new RegExp(`^${text.password}$`) }).locator('xpath=following-sibling::dd')).toHaveText(text.yes);
    const url = await link.getByLabel(text.url).inputValue();
    await expect(link.getByLabel(text.embedCode)).toHaveValue(new RegExp(`<iframe src="${url}"`));
    expect(url).toMatch(/\/s\/[\w-]+$/);
    await link.getByRole('button', { name: text.copyLink }).click();
    await expect(link.getByRole('button', { name: text.copied })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await expectFitsAndAccessible(page);

    // The link asks its visitor for the password.
    const visitor = await browser.newContext({ ignoreHTTPSErrors: true, locale: text.locale });
    expect((await visitor.request.get(url)).status()).toBe(401);

    // Revoked, after a confirmation: it answers as an unknown link.
    await link.getByRole('button', { name: text.revoke }).click();
    await expect(link.getByRole('button', { name: text.revokeConfirm })).toBeFocused();
    await expectAccessible(page);
    await link.getByRole('button', { name: text.revokeConfirm }).click();
    await expect(dialog.getByRole('status').filter({ hasText: text.revoked })).toBeVisible();
    await expect(links.getByRole('listitem').first().getByText(text.revokedState, { exact: true }).first()).toBeVisible();
    expect((await visitor.request.get(url)).status()).toBe(404);
    await visitor.close();
    await expectFitsAndAccessible(page);
    await context.close();
  });

  test(`a member comments on a video at a moment, seeks there, replies and resolves it (${language}, 390 px)`, async ({ browser }) => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: text.locale, viewport: PHONE });
    const page = await context.newPage();
    await signIn(page, server.url, server.adminEmail, server.adminPassword, language);
    const name = `walkthrough-${language}.webm`;
    const id = await uploadToSpace(page.request, server.url, name, VIDEO);
    await page.goto(`${server.url}/space/items/${id}`);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    const comments = page.getByRole('region', { name: text.comments });
    await expect(comments).toBeVisible();
    await expectFitsAndAccessible(page);

    // The player at 3 s: the form offers that moment.
    const video = page.locator('video');
    await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState)).toBeGreaterThan(0);
    await video.evaluate((element: HTMLVideoElement) => {
      element.currentTime = 3;
    });
    await expect(comments.getByRole('checkbox', { name: text.atTime('00:03') })).toBeChecked();
    const body = `The logo is cut off here (${language}).`;
    await comments.getByRole('textbox', { name: new RegExp(`^${text.comment}`) }).fill(body);
    await comments.getByRole('button', { name: text.addComment }).click();
    await expect(comments.getByRole('status').filter({ hasText: text.commentAdded })).toBeVisible();
    const thread = comments.getByRole('listitem').filter({ hasText: body });
    await expect(thread.getByText(text.open, { exact: true })).toBeVisible();
    await expectFitsAndAccessible(page);

    // From the comment back to its moment.
    await video.evaluate((element: HTMLVideoElement) => {
      element.currentTime = 0;
    });
    await thread.getByRole('button', { name: text.seek('00:03') }).click();
    await expect.poll(() => video.evaluate((element: HTMLVideoElement) => Math.round(element.currentTime))).toBe(3);

    // A reply, then resolved.
    await thread.getByRole('button', { name: text.replyNamed }).click();
    await thread.getByLabel(text.replyLabel).fill('Fixed in the next cut.');
    await expectAccessible(page);
    await thread.getByRole('button', { name: text.sendReply }).click();
    await expect(comments.getByRole('status').filter({ hasText: text.replied })).toBeVisible();
    await expect(thread.getByText('Fixed in the next cut.')).toBeVisible();
    await thread.getByRole('button', { name: text.resolveNamed }).click();
    await expect(comments.getByRole('status').filter({ hasText: text.resolvedNote })).toBeVisible();
    await expect(thread.getByText(text.resolved, { exact: true })).toBeVisible();
    await expect(thread.getByRole('button', { name: text.reopenNamed })).toBeVisible();
    await expectFitsAndAccessible(page);

    // Filtered by status; the export has the same filter and the comment.
    await comments.getByLabel(text.status).selectOption('open');
    await expect(comments.getByText(text.noneFound)).toBeVisible();
    await comments.getByLabel(text.status).selectOption('resolved');
    await expect(thread).toBeVisible();
    const csv = await comments.getByRole('link', { name: text.csv }).getAttribute('href');
    expect(csv).toBe(`/api/space/items/${id}/comments.csv?status=resolved`);
    const exported = await page.request.get(`${server.url}${csv}`);
    expect(exported.status()).toBe(200);
    expect(await exported.text()).toContain(body);

    // A newer version of the file: the comment says which version it was made on.
    await uploadToSpace(page.request, server.url, name, VIDEO, id);
    await page.reload();
    await expect(page.getByRole('region', { name: text.comments }).getByRole('listitem').filter({ hasText: body }).getByText(text.onVersion, { exact: true })).toBeVisible();
    await expectFitsAndAccessible(page);
    await context.close();
  });

  test(`a member asks a second member for a review, who marks it done under "My reviews" (${language}, 390 px)`, async ({ browser }) => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: text.locale, viewport: PHONE });
    const page = await context.newPage();
    await signIn(page, server.url, server.adminEmail, server.adminPassword, language);
    const reviewer = { email: `rita-${language}@example.test`, firstName: 'Rita', lastName: language === 'en' ? 'Reviewer' : 'Prüfer', roles: ['learner'], password: REVIEWER_PASSWORD };
    const reviewerName = `${reviewer.firstName} ${reviewer.lastName}`;
    const reviewerId = await createPerson(page.request, server.url, reviewer);
    expect((await page.request.put(`${server.url}/api/space/members`, { data: { userId: reviewerId, role: 'commentator' } })).ok()).toBe(true);
    const name = `onboarding-${language}.webm`;
    const id = await uploadToSpace(page.request, server.url, name, VIDEO);
    await page.goto(`${server.url}/space/items/${id}`);
    const requests = page.getByRole('region', { name: text.reviewRequests });
    await requests.getByRole('button', { name: text.requestReview }).click();
    const dialog = page.getByRole('dialog', { name: text.requestTitle(name) });
    await expect(dialog).toBeVisible();
    await expectFitsAndAccessible(page);

    // Nobody chosen: the field says so. Then the second member, with the proposed due date.
    await dialog.getByRole('button', { name: text.sendRequest }).click();
    await expect(dialog.getByText(text.reviewersMissing)).toBeVisible();
    await dialog.getByRole('combobox', { name: text.reviewers }).click();
    await page.getByRole('listbox', { name: text.reviewers }).getByRole('option', { name: reviewerName }).click();
    await dialog.getByLabel(text.message).fill('Please check the captions.');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: text.sendRequest }).click();
    await expect(requests.getByRole('status').filter({ hasText: text.requested })).toBeVisible();
    const request = requests.getByRole('listitem').filter({ hasText: 'Please check the captions.' });
    await expect(request.getByText(text.progress(0, 1))).toBeVisible();
    await expect(request.getByText(text.notDone(reviewerName))).toBeVisible();
    await expectFitsAndAccessible(page);

    // The reviewer finds it under "My reviews" and says it is done.
    const theirs = await browser.newContext({ ignoreHTTPSErrors: true, locale: text.locale, viewport: PHONE });
    const reviewerPage = await theirs.newPage();
    await signIn(reviewerPage, server.url, reviewer.email, REVIEWER_PASSWORD, language);
    await reviewerPage.goto(`${server.url}/space`);
    await reviewerPage.getByRole('tablist', { name: text.spaceTabs }).getByRole('tab', { name: text.myReviews }).click();
    await expect(reviewerPage).toHaveURL(/\/space\/reviews$/);
    await expect(reviewerPage.getByRole('heading', { level: 1, name: text.myReviews })).toBeVisible();
    const waiting = reviewerPage.getByRole('listitem').filter({ has: reviewerPage.getByRole('heading', { name }) });
    await expect(waiting.getByText('Please check the captions.')).toBeVisible();
    await expectFitsAndAccessible(reviewerPage);
    await waiting.getByRole('button', { name: text.finishNamed(name) }).click();
    await expect(reviewerPage.getByRole('status').filter({ hasText: text.finished(name) })).toBeVisible();
    await expect(reviewerPage.getByText(text.nothingWaiting)).toBeVisible();
    await expectFitsAndAccessible(reviewerPage);
    await theirs.close();

    // The requester sees it done.
    await page.reload();
    await expect(request.getByText(text.progress(1, 1))).toBeVisible();
    await expect(request.getByText(text.doneOn(reviewerName))).toBeVisible();
    await expectFitsAndAccessible(page);
    await context.close();
  });

  test(`a member publishes a course package to Learn and sees where it is published (${language}, 390 px)`, async ({ browser }) => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: text.locale, viewport: PHONE });
    const page = await context.newPage();
    await signIn(page, server.url, server.adminEmail, server.adminPassword, language);
    const title = language === 'en' ? 'Ladder safety' : 'Sicher auf der Leiter';
    const zip = await readFile(await buildScormPackage('1.2', title, [{ id: 'SCO-1', title: 'Lesson 1' }]));
    const name = `ladder-${language}.zip`;
    const id = await uploadToSpace(page.request, server.url, name, zip);
    await page.goto(`${server.url}/space/items/${id}`);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    const panel = page.getByRole('region', { name: text.published });
    await expect(panel).toBeVisible();
    await expectFitsAndAccessible(page);

    await panel.getByRole('button', { name: text.publish }).click();
    await expect(panel.getByRole('status').filter({ hasText: text.queued })).toBeVisible();
    const publication = panel.getByRole('list', { name: text.where }).getByRole('listitem').filter({ hasText: text.versionOfFile });
    await expect(publication.getByText(text.publishedState, { exact: true })).toBeVisible({ timeout: 30_000 });
    await expectFitsAndAccessible(page);

    // Once more, as a new version of that course.
    await panel.getByRole('button', { name: text.updateCourse(title) }).click();
    await expect(panel.getByRole('list', { name: text.where }).getByRole('listitem').filter({ hasText: text.courseVersion(2) }).getByText(text.publishedState, { exact: true })).toBeVisible({ timeout: 30_000 });
    await expectFitsAndAccessible(page);

    await publication.first().getByRole('link', { name: title }).click();
    await expect(page).toHaveURL(/\/courses\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await context.close();
  });
}

test('comments on a region dragged on an image and on a page of a PDF (en, 390 px)', async ({ browser }) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  const imageId = await uploadToSpace(page.request, server.url, 'floor-plan.png', solidPng(200, 100, [150, 150, 150]));
  await page.goto(`${server.url}/space/items/${imageId}`);
  const image = page.getByRole('img', { name: 'Image floor-plan.png' });
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(200);
  const comments = page.getByRole('region', { name: 'Comments' });
  await expect(comments.getByText('The whole image', { exact: true })).toBeVisible();

  // A drag from a quarter to three quarters of the image marks the middle.
  const box = (await image.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.25);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 4 });
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.75, { steps: 4 });
  await page.mouse.up();
  await expect(comments.getByText('Marked: Region at 25 %, 25 % (50 × 50 %)')).toBeVisible();
  await comments.getByRole('textbox', { name: /^Comment/ }).fill('The exit sign is missing here.');
  await comments.getByRole('button', { name: 'Add comment' }).click();
  await expect(comments.getByRole('status').filter({ hasText: 'Your comment was added.' })).toBeVisible();
  await expect(comments.getByText('The whole image', { exact: true })).toBeVisible();
  const thread = comments.getByRole('listitem').filter({ hasText: 'The exit sign is missing here.' });
  await thread.getByRole('button', { name: 'Show on the image: Region at 25 %, 25 % (50 × 50 %)' }).click();
  await expectFitsAndAccessible(page);

  // A PDF takes a page number; the comment opens the PDF there.
  const pdfId = await uploadToSpace(page.request, server.url, 'manual.pdf', onePagePdf());
  await page.goto(`${server.url}/space/items/${pdfId}`);
  await comments.getByLabel('Page (optional)').fill('1');
  await comments.getByRole('textbox', { name: /^Comment/ }).fill('Typo in the heading.');
  await comments.getByRole('button', { name: 'Add comment' }).click();
  const onPage = comments.getByRole('listitem').filter({ hasText: 'Typo in the heading.' });
  await expect(onPage.getByRole('link', { name: 'Page 1 ↗' })).toHaveAttribute('href', `/api/space/items/${pdfId}/content?version=1#page=1`);
  // The PDF is drawn in the page; the comment brings its page into view there.
  const pdfPage = page.getByRole('region', { name: 'Pages of the PDF' }).getByRole('group', { name: 'Page 1 of 1' });
  await expect(pdfPage.locator('canvas')).toHaveCount(1);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await onPage.getByRole('button', { name: 'Show page 1' }).click();
  await expect(pdfPage).toBeInViewport();
  await expectFitsAndAccessible(page);
  await context.close();
});
