import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { expect, type APIRequestContext, type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from '@playwright/test';
import PDFDocument from 'pdfkit';
import { buildZip, type ZipEntrySpec } from '../test/zip-fixtures.js';
import { expectAccessible } from './accessibility.js';
import type { RunningServer } from './server.js';
import { signIn } from './sign-in-helper.js';

/** A real PNG of `width` × `height` pixels of one colour. */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const rows = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** A small PDF of one empty page. */
export function onePagePdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(text));
    text += `${String(index + 1)} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(text);
  text += `xref\n0 ${String(objects.length + 1)}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<< /Size ${String(objects.length + 1)} /Root 1 0 R >>\nstartxref\n${String(xref)}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

/**
 * A PDF of three A4 pages whose first page has links as documents carry them: to a web address,
 * to a named place on page 3, and one a hostile file would carry (`javascript:`).
 */
export function linkedPdf(): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', autoFirstPage: false, info: { Title: 'Handbook' } });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  pdf.addPage().font('Helvetica').fontSize(20);
  pdf.text('The handbook online', 72, 100).link(72, 100, 300, 24, 'https://example.com/handbook');
  pdf.text('Exits, page 3', 72, 160).goTo(72, 160, 300, 24, 'exits');
  pdf.text('Run this', 72, 220).link(72, 220, 300, 24, 'javascript:alert(document.cookie)');
  pdf.addPage().font('Helvetica').fontSize(20).text('Page two', 72, 100);
  pdf.addPage().font('Helvetica').fontSize(20).text('Exits', 72, 100);
  pdf.addNamedDestination('exits');
  pdf.end();
  return done;
}

/** A real PDF of A4 pages, each with its text in Helvetica (a standard font the PDF does not embed). */
export function textPdf(pages: string[]): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', autoFirstPage: false, info: { Title: pages[0] ?? '' } });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  for (const text of pages) pdf.addPage().font('Helvetica').fontSize(28).text(text, 72, 100);
  pdf.end();
  return done;
}

/** Uploads a file through the API in one chunk (to the top of the library, or as a new version of `itemId`); answers the file's id. */
export async function uploadToSpace(request: APIRequestContext, baseUrl: string, fileName: string, bytes: Buffer, itemId: string | null = null): Promise<string> {
  const started = await request.post(`${baseUrl}/api/space/uploads`, { data: { fileName, totalBytes: bytes.length, itemId } });
  expect(started.status(), await started.text()).toBe(201);
  const { id } = (await started.json()) as { id: string };
  const sent = await request.put(`${baseUrl}/api/space/uploads/${id}`, { headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` }, data: bytes });
  expect(sent.status(), await sent.text()).toBe(200);
  const done = await request.post(`${baseUrl}/api/space/uploads/${id}/complete`);
  expect(done.status(), await done.text()).toBe(201);
  return ((await done.json()) as { id: string }).id;
}

/** A public share link of the item, made through the API: its address and id. */
export async function sharePublicly(request: APIRequestContext, baseUrl: string, itemId: string): Promise<{ url: string; id: string }> {
  const created = await request.post(`${baseUrl}/api/space/items/${itemId}/shares`, { data: { audience: 'public' } });
  expect(created.status(), await created.text()).toBe(201);
  return (await created.json()) as { url: string; id: string };
}

/** The member's browser gave the file its small picture (as its page does for a video or PDF), and the library's list shows it at 160 px. */
export async function expectSmallPictureInList(page: Page, baseUrl: string, id: string, name: string): Promise<void> {
  await expect
    .poll(async () => ((await (await page.request.get(`${baseUrl}/api/space/items/${id}`)).json()) as { hasThumbnail: boolean }).hasThumbnail, { timeout: 20_000 })
    .toBe(true);
  await page.goto(`${baseUrl}/space`);
  const picture = page.getByRole('img', { name: `Preview of ${name}` });
  await expect(picture).toBeVisible();
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
}

/** On a phone the page does not scroll sideways; axe finds nothing. */
export async function expectFitsAndAccessible(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.page, 'the page scrolls sideways').toBeLessThanOrEqual(widths.screen);
  await expectAccessible(page);
}

/**
 * A real WebM video of 6 seconds (32 × 32 blue pixels, VP8, two frames a second, with cues so the
 * browser can seek), made once with `ffmpeg -f lavfi -i color=c=blue:s=32x32:r=2:d=6 -c:v libvpx -b:v 10k -g 2 -an`.
 */
export const VIDEO = Buffer.from(
  'GkXfo59ChoEBQveBAULygQRC84EIQoKEd2VibUKHgQJChYECGFOAZwEAAAAAAAQpEU2bdLpNu4tTq4QVSalmU6yBoU27i1OrhBZUrmtTrIHYTbuMU6uEElTDZ1OsggEeTbuMU6uEHFO7a1OsggO27AEAAAAAAABZAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAVSalmsirXsYMPQkBNgI1MYXZmNTkuMjcuMTAwV0GNTGF2ZjU5LjI3LjEwMESJiEC3cAAAAAAAFlSua8GuAQAAAAAAADjXgQFzxYhMvn9JpQgJOZyBACK1nIN1bmSIgQCGhVZfVlA4g4EBI+ODhB3NZQDgibCBILqBIJqBAhJUw2f9c3OgY8CAZ8iaRaOHRU5DT0RFUkSHjUxhdmY1OS4yNy4xMDBzc9djwItjxYhMvn9JpQgJOWfIoUWjh0VOQ09ERVJEh5RMYXZjNTkuMzcuMTAwIGxpYnZweGfIokWjiERVUkFUSU9ORIeUMDA6MDA6MDYuMDAwMDAwMDAwAAAfQ7Z1QfDngQCjvYEAAIDQAgCdASogACAAAEcIhYWIhYSIAgICdaoD+AIIIQg9AP7/TRL//FhX8WFfxYV/8WFf/PzO7cX85gCjlYEB9ACxAQABEBAAGAAYWC/0AAhwAKO9gQPogNACAJ0BKiAAIAAARwiFhYiFhIgCAgJ1qgP4AgghCD0A/v9NEv/8WFfxYV/FhX/xYV/8/M7txfzmAKOVgQXcALEBAAEQEAAYABhYL/QACHAAo72BB9CA0AIAnQEqIAAgAABHCIWFiIWEiAICAnWqA/gCCCEIPQD+/00S//xYV/FhX8WFf/FhX/z8zu3F/OYAo5WBCcQAsQEAARAQABgAGFgv9AAIcACjvYELuIDQAgCdASogACAAAEcIhYWIhYSIAgICdaoD+AIIIQg9AP7/TRL//FhX8WFfxYV/8WFf/PzO7cX85gCjlYENrACxAQABEBAAGAAYWC/0AAhwAKO9gQ+ggNACAJ0BKiAAIAAARwiFhYiFhIgCAgJ1qgP4AgghCD0A/v9NEv/8WFfxYV/FhX/xYV/8/M7txfzmAKOVgRGUALEBAAEQEAAYABhYL/QACHAAo72BE4iA0AIAnQEqIAAgAABHCIWFiIWEiAICAnWqA/gCCCEIPQD+/00S//xYV/FhX8WFf/FhX/z8zu3F/OYAH0O2dZvnghV8o5WBAAAAsQEAARAQABgAGFgv9AAIcAAcU7tr7ruPs4EAt4r3gQHxggGg8IEDu5CzggPot4r3gQHxggGg8IFZu5CzggfQt4r3gQHxggGg8IGvu5Gzggu4t4v3gQHxggGg8IIBBbuRs4IPoLeL94EB8YIBoPCCAVu7kbOCE4i3i/eBAfGCAaDwggGx',
  'base64',
);

/** Waits until the link's analytics show the first viewer's first course part with `status`. */
export async function expectFirstPartStatus(request: APIRequestContext, baseUrl: string, shareId: string, status: string): Promise<void> {
  type Analytics = { byViewer: { course: { parts: { status: string }[] } | null }[] };
  await expect
    .poll(async () => ((await (await request.get(`${baseUrl}/api/space/shares/${shareId}/analytics`)).json()) as Analytics).byViewer[0]?.course?.parts[0]?.status ?? null, { timeout: 15_000 })
    .toBe(status);
}

/** Opens the item's share dialog (English) and the views of its first link: the row of the link's first visitor. */
export async function firstVisitorRow(page: Page, baseUrl: string, itemId: string, name: string): Promise<Locator> {
  await page.goto(`${baseUrl}/space/items/${itemId}`);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const card = page.getByRole('dialog', { name: `Share “${name}”` }).getByRole('list', { name: 'Links' }).getByRole('listitem').first();
  await card.getByRole('button', { name: /^Show views of the link of / }).click();
  return card.getByRole('table', { name: 'Viewers of the link' }).getByRole('row', { name: /Visitor 1/ });
}

const PHONE = { width: 390, height: 844 };

/** The administrator (English, 390 px) uploads a course zip made of `entries` to Space as `name` and shares it by a public link. */
export async function shareCourseZip(browser: Browser, server: RunningServer, name: string, entries: ZipEntrySpec[]): Promise<{ admin: BrowserContext; adminPage: Page; itemId: string; url: string; shareId: string }> {
  const admin = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB', viewport: PHONE });
  const adminPage = await admin.newPage();
  await signIn(adminPage, server.url, server.adminEmail, server.adminPassword, 'en');
  const zip = path.join(await mkdtemp(path.join(os.tmpdir(), 'lectern-shared-course-')), 'course.zip');
  await buildZip(zip, entries);
  const itemId = await uploadToSpace(adminPage.request, server.url, name, await readFile(zip));
  const { url, id: shareId } = await sharePublicly(adminPage.request, server.url, itemId);
  return { admin, adminPage, itemId, url, shareId };
}

/** A visitor without an account (German, 390 px) opens the link and plays the course: the frame the course runs in. */
export async function playAsVisitor(browser: Browser, url: string): Promise<{ visitor: BrowserContext; tab: Page; content: FrameLocator }> {
  const visitor = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'de-DE', viewport: PHONE });
  const tab = await visitor.newPage();
  await tab.goto(url);
  await tab.getByRole('link', { name: 'Kurs abspielen' }).click();
  return { visitor, tab, content: tab.locator('iframe[title^="Kursinhalt"]').contentFrame().frameLocator('iframe') };
}
