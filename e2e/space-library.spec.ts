import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessibility.js';
import { createPerson } from './people-helper.js';
import { serverForThisFile } from './server.js';
import { signIn } from './sign-in-helper.js';
import { expectFitsAndAccessible, onePagePdf, solidPng, uploadToSpace } from './space-helper.js';

const png = solidPng(8, 8, [30, 90, 200]);
const pdf = onePagePdf();

// The Space's library in the browser: an administrator (an owner of the Space) opens the Space from
// the navigation, makes a folder, uploads a PNG and a PDF at once (each with its progress bar up
// to 100 %), sees the image's thumbnail, renames a file, moves it to the trash and restores it; the
// pages pass axe in English and German, wide and at 390 px. A user who is no member is told so.
// Then the other tools: tags, search, copy, move, sorting, versions, an upload that loses a chunk
// on the way, and members up to the seat limit.

const server = serverForThisFile();

const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const TEXTS = {
  en: {
    locale: 'en-GB',
    navigation: 'Main navigation',
    toggleNavigation: 'Show or hide navigation',
    space: 'Space',
    library: 'Library',
    trash: 'Trash',
    members: 'Members',
    newFolder: 'New folder',
    name: 'Name',
    create: 'Create',
    created: (name: string) => `“${name}” was created.`,
    upload: 'Upload files',
    progress: (name: string) => `Upload of ${name}`,
    uploaded: 'Uploaded',
    thumbnail: (name: string) => `Preview of ${name}`,
    actions: (name: string) => `Actions for ${name}`,
    rename: 'Rename',
    newName: 'New name',
    renamed: (name: string) => `Renamed to “${name}”.`,
    toTrash: 'Move to trash',
    trashed: (name: string) => `“${name}” was moved to the trash.`,
    purgedAfter: /purged for good 30 days after/,
    restore: (name: string) => `Restore ${name}`,
    restored: (name: string) => `“${name}” was restored.`,
    seats: /of 10 seats/,
    notMember: 'You are not a member of this Space yet',
  },
  de: {
    locale: 'de-DE',
    navigation: 'Hauptnavigation',
    toggleNavigation: 'Navigation ein- oder ausblenden',
    space: 'Space',
    library: 'Bibliothek',
    trash: 'Papierkorb',
    members: 'Mitglieder',
    newFolder: 'Neuer Ordner',
    name: 'Name',
    create: 'Anlegen',
    created: (name: string) => `„${name}“ wurde angelegt.`,
    upload: 'Dateien hochladen',
    progress: (name: string) => `Upload von ${name}`,
    uploaded: 'Hochgeladen',
    thumbnail: (name: string) => `Vorschau von ${name}`,
    actions: (name: string) => `Aktionen für ${name}`,
    rename: 'Umbenennen',
    newName: 'Neuer Name',
    renamed: (name: string) => `Umbenannt in „${name}“.`,
    toTrash: 'In den Papierkorb',
    trashed: (name: string) => `„${name}“ wurde in den Papierkorb verschoben.`,
    purgedAfter: /30 Tage, nachdem sie dorthin verschoben wurden, endgültig gelöscht/,
    restore: (name: string) => `${name} wiederherstellen`,
    restored: (name: string) => `„${name}“ wurde wiederhergestellt.`,
    seats: /von 10 Plätzen/,
    notMember: 'Sie sind noch kein Mitglied dieses Space',
  },
} as const;

for (const language of ['en', 'de'] as const) {
  for (const [width, viewport] of [
    ['wide', WIDE],
    ['390 px', PHONE],
  ] as const) {
    test(`an administrator makes a folder, uploads two files, renames one, trashes and restores it (${language}, ${width})`, async ({ browser }) => {
      const text = TEXTS[language];
      const folder = `Induction ${language} ${width}`;
      const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: text.locale, viewport });
      const page = await context.newPage();
      await signIn(page, server.url, server.adminEmail, server.adminPassword, language);

      // From the navigation (behind the menu button on a phone) to the top of the library.
      if (viewport === PHONE) await page.getByRole('button', { name: text.toggleNavigation }).click();
      await page.getByRole('navigation', { name: text.navigation }).getByRole('link', { name: text.space, exact: true }).click();
      await expect(page).toHaveURL(/\/space$/);
      await expect(page.getByRole('heading', { level: 1, name: text.library })).toBeVisible();
      await expectFitsAndAccessible(page);

      // A new folder, listed at the top, opened.
      await page.getByRole('button', { name: text.newFolder }).click();
      const dialog = page.getByRole('dialog', { name: text.newFolder });
      await dialog.getByLabel(text.name).fill(folder);
      await expectFitsAndAccessible(page);
      await dialog.getByRole('button', { name: text.create }).click();
      await expect(page.getByRole('status').filter({ hasText: text.created(folder) })).toBeVisible();
      await page.getByRole('link', { name: folder, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: folder })).toBeVisible();
      await expect(page).toHaveURL(/\/space\/folders\/[0-9a-f-]{36}$/);

      // Two files at once; each progress bar reaches 100 % of the bytes the server acknowledged.
      await page.getByRole('button', { name: text.upload }).click();
      const image = `badge-${language}.png`;
      const document = `handbook-${language}.pdf`;
      const chunks: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'PUT' && /\/api\/space\/uploads\//.test(request.url())) chunks.push(request.headers()['content-range'] ?? '');
      });
      await page.locator('input[type="file"]').setInputFiles([
        { name: image, mimeType: 'image/png', buffer: png },
        { name: document, mimeType: 'application/pdf', buffer: pdf },
      ]);
      for (const name of [image, document]) {
        const bar = page.getByRole('progressbar', { name: text.progress(name) });
        await expect(bar).toHaveAttribute('aria-valuenow', '100');
      }
      await expect(page.getByText(text.uploaded, { exact: true })).toHaveCount(2);
      expect(chunks.sort()).toEqual([`bytes 0-${String(pdf.length - 1)}/${String(pdf.length)}`, `bytes 0-${String(png.length - 1)}/${String(png.length)}`].sort());

      // Listed, the image with its small picture (made by the server: 160 pixels, whatever the image's size).
      await expect(page.getByRole('link', { name: image, exact: true })).toBeVisible();
      await expect(page.getByRole('link', { name: document, exact: true })).toBeVisible();
      const thumbnail = page.getByRole('img', { name: text.thumbnail(image) });
      await expect(thumbnail).toBeVisible();
      await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
      await expectFitsAndAccessible(page);

      // Renamed through the row's actions.
      const renamed = `Handbook ${language} final.pdf`;
      await page.getByRole('button', { name: text.actions(document) }).click();
      await page.getByRole('menuitem', { name: text.rename }).click();
      const rename = page.getByRole('dialog');
      await rename.getByLabel(text.newName).fill(renamed);
      await expect(page.getByRole('menu')).toHaveCount(0);
      await expectAccessible(page);
      await rename.getByRole('button', { name: text.rename }).click();
      await expect(page.getByRole('status').filter({ hasText: text.renamed(renamed) })).toBeVisible();
      await expect(page.getByRole('link', { name: renamed, exact: true })).toBeVisible();

      // To the trash, then back.
      await page.getByRole('button', { name: text.actions(renamed) }).click();
      await page.getByRole('menuitem', { name: text.toTrash }).click();
      await page.getByRole('dialog').getByRole('button', { name: text.toTrash }).click();
      await expect(page.getByRole('status').filter({ hasText: text.trashed(renamed) })).toBeVisible();
      await expect(page.getByRole('link', { name: renamed, exact: true })).toHaveCount(0);
      const folderUrl = page.url();

      await page.getByRole('tab', { name: text.trash }).click();
      await expect(page.getByRole('heading', { level: 1, name: text.trash })).toBeVisible();
      await expect(page.getByText(text.purgedAfter)).toBeVisible();
      await expectFitsAndAccessible(page);
      await page.getByRole('button', { name: text.restore(renamed) }).click();
      await expect(page.getByRole('status').filter({ hasText: text.restored(renamed) })).toBeVisible();

      await page.goto(folderUrl);
      await expect(page.getByRole('link', { name: renamed, exact: true })).toBeVisible();
      await expect(page.getByRole('link', { name: image, exact: true })).toBeVisible();

      // The image's own page shows it.
      await page.getByRole('link', { name: image, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: image })).toBeVisible();
      await expect.poll(() => page.getByRole('img', { name: new RegExp(image) }).last().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(8);
      await expectFitsAndAccessible(page);

      // The members, with the seats in use.
      await page.getByRole('tab', { name: text.members }).click();
      await expect(page.getByRole('heading', { level: 1, name: text.members })).toBeVisible();
      await expect(page.getByText(text.seats)).toBeVisible();
      await expectFitsAndAccessible(page);
      await context.close();
    });
  }

  test(`a user who is not a member of the Space is told to ask for it (${language})`, async ({ browser }) => {
    const text = TEXTS[language];
    const email = `learner-${language}@example.test`;
    const admin = await browser.newContext({ ignoreHTTPSErrors: true });
    const adminPage = await admin.newPage();
    await signIn(adminPage, server.url, server.adminEmail, server.adminPassword);
    await createPerson(adminPage.request, server.url, { email, firstName: 'Lena', lastName: language === 'en' ? 'Lindqvist' : 'Lindner', roles: ['learner'], password: 'Kestrel-Meadow-4417' });
    await admin.close();

    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: text.locale, viewport: PHONE });
    const page = await context.newPage();
    await signIn(page, server.url, email, 'Kestrel-Meadow-4417', language);
    await page.goto(`${server.url}/space`);
    await expect(page.getByRole('heading', { name: text.notMember })).toBeVisible();
    await expectFitsAndAccessible(page);
    await context.close();
  });
}

test('tags, a search of the whole library, move, copy, versions, and members up to the seat limit (en, wide)', async ({ browser }) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: WIDE });
  const page = await context.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword);
  await createPerson(page.request, server.url, { email: 'ada@example.test', firstName: 'Ada', lastName: 'Author', roles: ['instructor'] });
  await createPerson(page.request, server.url, { email: 'cole@example.test', firstName: 'Cole', lastName: 'Commenter', roles: ['learner'] });

  // Two folders, a file in the first.
  await page.goto(`${server.url}/space`);
  for (const name of ['Archive', 'Drafts']) {
    await page.getByRole('button', { name: 'New folder' }).click();
    await page.getByRole('dialog', { name: 'New folder' }).getByLabel('Name').fill(name);
    await page.getByRole('dialog', { name: 'New folder' }).getByRole('button', { name: 'Create' }).click();
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await page.getByRole('link', { name: 'Drafts', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Drafts' })).toBeVisible();
  await page.getByRole('button', { name: 'Upload files' }).click();
  await page.locator('input[type="file"]').setInputFiles([{ name: 'poster.png', mimeType: 'image/png', buffer: png }]);
  await expect(page.getByRole('progressbar', { name: 'Upload of poster.png' })).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByRole('link', { name: 'poster.png', exact: true })).toBeVisible();

  // Tags, shown in the row.
  await page.getByRole('button', { name: 'Actions for poster.png' }).click();
  await page.getByRole('menuitem', { name: 'Tags', exact: true }).click();
  const tags = page.getByRole('dialog', { name: 'Tags of “poster.png”' });
  await tags.getByLabel('Tags').fill('safety');
  await tags.getByLabel('Tags').press('Enter');
  await tags.getByRole('button', { name: 'Save tags' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The tags of “poster.png” were saved.' })).toBeVisible();
  await expect(page.getByRole('row', { name: /poster\.png/ }).getByText('safety', { exact: true })).toBeVisible();

  // A search from the top finds the file in its folder.
  await page.goto(`${server.url}/space`);
  await page.getByRole('searchbox', { name: 'Search the whole library' }).fill('poster');
  await expect(page.getByRole('region', { name: 'Search results' }).getByRole('link', { name: 'poster.png', exact: true })).toBeVisible();
  await expect(page).toHaveURL(/q=poster/);

  // Copied into Archive under another name, then moved there itself.
  await page.getByRole('button', { name: 'Actions for poster.png' }).click();
  await page.getByRole('menuitem', { name: 'Copy', exact: true }).click();
  const copy = page.getByRole('dialog', { name: 'Copy “poster.png”' });
  await copy.getByRole('button', { name: 'Open Archive' }).click();
  await expect(copy.getByText('Here: Archive')).toBeVisible();
  await copy.getByLabel('Name of the copy').fill('poster copy.png');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expectAccessible(page);
  await copy.getByRole('button', { name: 'Copy here' }).click();
  await expect(page.getByRole('status').filter({ hasText: '“poster.png” was copied.' })).toBeVisible();

  await page.getByRole('button', { name: 'Actions for poster.png' }).first().click();
  await page.getByRole('menuitem', { name: 'Move', exact: true }).click();
  const move = page.getByRole('dialog', { name: 'Move “poster.png”' });
  await move.getByRole('button', { name: 'Open Archive' }).click();
  await move.getByRole('button', { name: 'Move here' }).click();
  await expect(page.getByRole('status').filter({ hasText: '“poster.png” was moved.' })).toBeVisible();

  await page.goto(`${server.url}/space`);
  await page.getByRole('link', { name: 'Archive', exact: true }).click();
  await expect(page.getByRole('link', { name: 'poster.png', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'poster copy.png', exact: true })).toBeVisible();
  // Sorted by name, then the other way round.
  const names = () => page.getByRole('region', { name: 'Contents of Archive' }).getByRole('row').locator('td:first-child a').allInnerTexts();
  expect(await names()).toEqual(['poster copy.png', 'poster.png']);
  await page.getByRole('button', { name: /^Sort by Name/ }).click();
  await expect.poll(names).toEqual(['poster.png', 'poster copy.png']);

  // A new version, then the first made current again.
  await page.getByRole('button', { name: 'Actions for poster.png' }).click();
  await page.getByRole('menuitem', { name: 'Versions', exact: true }).click();
  let versions = page.getByRole('dialog', { name: 'Versions of “poster.png”' });
  await expect(versions.getByRole('row')).toHaveCount(2);
  await versions.locator('input[type="file"]').setInputFiles([{ name: 'poster.png', mimeType: 'image/png', buffer: png }]);
  await expect(page.getByRole('status').filter({ hasText: 'Uploaded' })).toBeVisible();
  await page.getByRole('button', { name: 'Actions for poster.png' }).click();
  await page.getByRole('menuitem', { name: 'Versions', exact: true }).click();
  versions = page.getByRole('dialog', { name: 'Versions of “poster.png”' });
  await expect(versions.getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expectAccessible(page);
  await versions.getByRole('button', { name: 'Restore version 1' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Version 1 is current again' })).toBeVisible();

  // A chunk lost on the way: the page asks how far the upload got and sends the rest.
  let aborted = 0;
  const asked: string[] = [];
  await page.route('**/api/space/uploads/*', async (route) => {
    if (route.request().method() === 'PUT' && aborted++ === 0) return route.abort('connectionreset');
    if (route.request().method() === 'GET') asked.push(route.request().url());
    return route.continue();
  });
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Upload files' }).click();
  await page.locator('input[type="file"]').setInputFiles([{ name: 'retry.png', mimeType: 'image/png', buffer: png }]);
  await expect(page.getByRole('progressbar', { name: 'Upload of retry.png' })).toHaveAttribute('aria-valuenow', '100', { timeout: 15_000 });
  await expect(page.getByRole('link', { name: 'retry.png', exact: true })).toBeVisible();
  expect(aborted).toBe(2);
  expect(asked).toHaveLength(1);
  await page.unroute('**/api/space/uploads/*');

  // Members: an author takes a seat; with every seat taken, the refusal says so; a commentator is free.
  await page.getByRole('tab', { name: 'Members' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
  await page.getByLabel('Role of the new member').selectOption('author');
  await page.getByRole('searchbox', { name: 'Find a user' }).fill('Ada');
  await page.getByRole('button', { name: 'Add Ada Author to the Space' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Ada Author was added as Author.' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Role of Ada Author' })).toHaveValue('author');
  const used = Number(/(\d+) of 10 seats/.exec(await page.getByText(/of 10 seats/).innerText())?.[1]);
  expect(used).toBeGreaterThanOrEqual(1);
  expect((await page.request.patch(`${server.url}/api/admin/settings`, { data: { space: { seatLimit: used } } })).ok()).toBe(true);
  await page.reload();
  await expect(page.getByText(`${String(used)} of ${String(used)} seats`)).toBeVisible();
  await page.getByLabel('Role of the new member').selectOption('author');
  await page.getByRole('searchbox', { name: 'Find a user' }).fill('Cole');
  await page.getByRole('button', { name: 'Add Cole Commenter to the Space' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Every author seat is taken' })).toBeVisible();
  await page.getByLabel('Role of the new member').selectOption('commentator');
  await page.getByRole('button', { name: 'Add Cole Commenter to the Space' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Cole Commenter was added as Commentator.' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Cole Commenter/ })).toBeVisible();
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expectAccessible(page);

  // Access: the Archive restricted to Ada, who may edit it.
  await page.getByRole('tab', { name: 'Library' }).click();
  await page.getByRole('button', { name: 'Actions for Archive' }).click();
  await page.getByRole('menuitem', { name: 'Access', exact: true }).click();
  const access = page.getByRole('dialog', { name: 'Access to “Archive”' });
  await access.getByRole('switch', { name: 'Only the people and groups named below' }).check();
  await access.getByLabel('Add a member').selectOption({ label: 'Ada Author' });
  await access.getByLabel('Add a member').locator('xpath=ancestor::div[contains(@class,"mantine-Group-root")][1]').getByRole('button', { name: 'Add', exact: true }).click();
  await expect(access.getByRole('combobox', { name: 'Role of Ada Author' })).toHaveValue('author');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expectAccessible(page);
  await access.getByRole('button', { name: 'Save access' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The access to “Archive” was saved.' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Archive/ }).getByText('Restricted access')).toBeVisible();
  await context.close();
});

test('an image the server cannot make a small picture of shows the symbol of its kind, not a broken picture (en, 390 px)', async ({ browser }) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, server.url, server.adminEmail, server.adminPassword, 'en');
  // A PNG whose chunks are all there but whose pixel data is damaged: an image by its bytes, but no picture can be made of it.
  const damaged = solidPng(8, 8, [200, 30, 30]);
  damaged.fill(0xff, 41, damaged.length - 16);
  await uploadToSpace(page.request, server.url, 'damaged.png', damaged);
  await uploadToSpace(page.request, server.url, 'sound.png', solidPng(8, 8, [30, 200, 30]));
  await page.goto(`${server.url}/space`);
  const row = page.getByRole('row', { name: /damaged\.png/ });
  await expect(row).toBeVisible();
  await expect(row.getByText('🖼️')).toBeVisible();
  await expect(row.getByRole('img')).toHaveCount(0);
  // The sound one beside it has its picture.
  await expect.poll(() => page.getByRole('img', { name: 'Preview of sound.png' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expectFitsAndAccessible(page);
  await context.close();
});
