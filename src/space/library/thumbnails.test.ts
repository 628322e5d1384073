import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { png, pngClaiming } from '../../../test/images.js';
import { queryRows } from '../../platform/db/client.js';
import { spaceModule } from '../space.module.js';
import { createSpaceTestSite, type SpaceTestSite } from '../space.test-support.js';
import { mp4, PDF } from './library.test-fixtures.js';

type Refusal = { error: { code: string } };

describe(`small pictures of images in the Space library (${engine})`, () => {
  let site: SpaceTestSite;
  let reader: { id: string; cookie: string };
  beforeAll(async () => {
    site = await createSpaceTestSite('thumbs');
    reader = await site.person('rita', 'commentator');
  });
  afterAll(() => site.close());

  const thumbnail = (itemId: string, query = '') => site.call<Refusal>('GET', `/api/space/items/${itemId}/thumbnail${query}`, reader.cookie);
  const storedHash = async (itemId: string) =>
    (await site.ctx.db.withTenant(site.tenant.id, (tx) => queryRows<{ hash: string | null }>(tx, sql`select thumbnail_hash as hash from space_versions where item_id = ${itemId} order by number desc limit 1`)))[0]!.hash;

  it("makes a 160-pixel WebP of an image once, keeps it on the version, and the store's collector keeps its bytes", async () => {
    const photo = (await site.upload(site.admin, 'poster.png', png(1600, 900, [200, 30, 30]))).body;
    expect(await storedHash(photo.id)).toBeNull();
    const first = await thumbnail(photo.id);
    expect(first.res.statusCode, first.res.body).toBe(200);
    expect(first.res.headers['content-type']).toBe('image/webp');
    expect(first.res.headers['x-content-type-options']).toBe('nosniff');
    const meta = await sharp(first.res.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 160, 160]);
    const stats = await sharp(first.res.rawPayload).stats();
    expect(stats.dominant.r).toBeGreaterThan(150);
    expect(first.res.rawPayload.length).toBeLessThan(5_000);

    const hash = await storedHash(photo.id);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const again = await thumbnail(photo.id, '?version=1');
    expect(again.res.rawPayload.equals(first.res.rawPayload)).toBe(true);
    const references = spaceModule.blobReferences!({ db: site.ctx.db, storage: site.ctx.storage, config: testConfig() });
    expect(await references(site.tenant.id, [hash!])).toEqual(new Set([hash]));

    // A new version gets its own.
    await site.upload(site.admin, 'poster.png', png(300, 300, [30, 30, 200]), { itemId: photo.id });
    const blue = await thumbnail(photo.id, '?version=2');
    expect((await sharp(blue.res.rawPayload).stats()).dominant.b).toBeGreaterThan(150);
  });

  it('has none for what is no image, and none for a picture that claims more pixels than it is worth decoding', async () => {
    const paper = (await site.upload(site.admin, 'paper.pdf', PDF)).body;
    const none = await thumbnail(paper.id);
    expect(none.res.statusCode).toBe(404);
    expect(none.body.error.code).toBe('SPACE_NO_THUMBNAIL');

    const bomb = (await site.upload(site.admin, 'huge.png', pngClaiming(60_000, 60_000))).body;
    expect(bomb.fileKind).toBe('image');
    const started = Date.now();
    const refused = await thumbnail(bomb.id);
    expect(refused.res.statusCode).toBe(404);
    expect(refused.body.error.code).toBe('SPACE_NO_THUMBNAIL');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await storedHash(bomb.id)).toBeNull();

    const outsider = await site.person('olaf', null);
    expect((await site.call('GET', `/api/space/items/${bomb.id}/thumbnail`, outsider.cookie)).res.statusCode).toBe(403);
  });

  it('makes the small pictures of a page of new images in turn, each one answered', async () => {
    const photos = await Promise.all([0, 1, 2, 3, 4].map(async (n) => (await site.upload(site.admin, `shot-${n}.png`, png(400 + n, 300, [n * 40, 90, 90]))).body));
    const answers = await Promise.all(photos.map((photo) => thumbnail(photo.id)));
    expect(answers.map((answer) => [answer.res.statusCode, answer.res.headers['content-type']])).toEqual(photos.map(() => [200, 'image/webp']));
    expect(answers[0]!.res.headers['content-security-policy']).toContain('sandbox');
  });

  it("keeps the first frame or page an editor's browser sends for a video or PDF; refuses what is no picture, an image's, and a commentator's", async () => {
    const film = (await site.upload(site.admin, 'walk.mp4', mp4(4096))).body;
    expect(film.hasThumbnail).toBe(false);
    const send = (cookie: string, bytes: Buffer, itemId = film.id, query = '') =>
      site.ctx.app.inject({ method: 'PUT', url: `/api/space/items/${itemId}/thumbnail${query}`, headers: { host: site.host, cookie, 'content-type': 'image/webp', origin: `http://${site.host}` }, payload: bytes });

    const byReader = await send(reader.cookie, png(320, 180, [20, 200, 20]));
    expect(byReader.statusCode).toBe(403);
    // The type the browser names counts for nothing: the bytes are no picture.
    const fake = await send(site.admin, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'));
    expect(fake.statusCode).toBe(415);
    expect(fake.json<Refusal>().error.code).toBe('SPACE_THUMBNAIL_NOT_AN_IMAGE');
    expect((await send(site.admin, pngClaiming(60_000, 60_000))).statusCode).toBe(415);
    expect((await send(site.admin, Buffer.alloc(3 * 1024 * 1024))).statusCode).toBe(413);

    const green = await send(site.admin, png(320, 180, [20, 200, 20]), film.id, '?version=1');
    expect(green.statusCode, green.body).toBe(204);
    // The first one stays.
    expect((await send(site.admin, png(320, 180, [200, 20, 20]))).statusCode).toBe(204);
    const shown = await thumbnail(film.id);
    expect(shown.res.headers['content-type']).toBe('image/webp');
    const meta = await sharp(shown.res.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([160, 160]);
    expect((await sharp(shown.res.rawPayload).stats()).dominant.g).toBeGreaterThan(150);
    const listed = await site.call<{ items: { id: string; hasThumbnail: boolean }[] }>('GET', '/api/space/items', site.admin);
    expect(listed.body.items.find((item) => item.id === film.id)!.hasThumbnail).toBe(true);

    // A PDF's first page, as a browser drew it: cropped from the top, where its title is.
    const handout = (await site.upload(site.admin, 'handout.pdf', PDF)).body;
    const page = await sharp({ create: { width: 320, height: 452, channels: 3, background: { r: 250, g: 250, b: 250 } } })
      .composite([{ input: await sharp({ create: { width: 320, height: 60, channels: 3, background: { r: 200, g: 20, b: 20 } } }).png().toBuffer(), top: 0, left: 0 }])
      .png()
      .toBuffer();
    expect((await send(site.admin, page, handout.id)).statusCode).toBe(204);
    const top = (await thumbnail(handout.id)).res.rawPayload;
    // A red band over the top of a white page (the middle square would not reach it): red at the top, white below.
    const { data } = await sharp(top).raw().toBuffer({ resolveWithObject: true });
    expect([data[0]! > 150, data[1]! < 80]).toEqual([true, true]);
    expect(data[(159 * 160 + 80) * 3 + 1]).toBeGreaterThan(200);

    const photo = (await site.upload(site.admin, 'still.png', png(200, 200, [1, 2, 3]))).body;
    const notTaken = await send(site.admin, png(50, 50, [9, 9, 9]), photo.id);
    expect(notTaken.statusCode).toBe(422);
    expect(notTaken.json<Refusal>().error.code).toBe('SPACE_THUMBNAIL_NOT_TAKEN');
  });
});
