import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../../test/app.js';
import { createTestDb, engine } from '../../../../test/db.js';
import { queryRows, type Db } from '../../db/client.js';
import { createUser } from '../../identity/users.service.js';
import { createTenant } from '../../tenancy/tenants.service.js';
import type { Tenant } from '../../tenancy/tenants.repository.js';
import { mailConsents, updateMailings } from '../privacy.schema.js';
import { insertMailing } from './consent.repository.js';
import { deliverUpdateMailing } from './update-mail-delivery.js';
import { UnsubscribeLinks } from './unsubscribe-link.js';

describe(`an update mailing is delivered in batches, to consents that still hold, each person once (${engine})`, () => {
  let db: Db;
  let tenant: Tenant;
  const people: { id: string; email: string }[] = [];
  const deps = { siteUrl: 'https://acme.test', links: new UnsubscribeLinks(Buffer.alloc(32, 1)) };

  /** The update mails queued so far, by address. */
  const queuedTo = async () =>
    (
      await queryRows<{ to: string }>(
        db.owner,
        sql`select payload->>'to' as "to" from jobs where tenant_id = ${tenant.id} and kind = 'mail.send' and payload->>'template' = 'privacy.update_mail'`,
      )
    )
      .map((r) => r.to)
      .sort();
  const mailing = (subject: string) =>
    db.withTenant(tenant.id, (tx) => insertMailing(tx, { subject, body: 'News', sentByUserId: people[0]!.id, recipientCount: 7 }));

  beforeAll(async () => {
    db = await createTestDb();
    tenant = await createTenant(db, { slug: 'acme', name: 'Acme', hostnames: ['acme.test'] });
    for (let i = 0; i < 7; i++) {
      const email = `p${i}@acme.test`;
      const user = await createUser(db, tenant.id, { email, firstName: `P${i}`, lastName: 'Person', roles: ['learner'], password: PASSWORD });
      people.push({ id: user.id, email });
      await db.withTenant(tenant.id, (tx) =>
        tx.insert(mailConsents).values({ tenantId: tenant.id, userId: user.id, email, status: 'confirmed', consentText: 'Yes, news please', confirmedAt: new Date() }),
      );
    }
  });
  afterAll(() => db?.close());

  it('queues one mail per confirmed consent, three at a time, and records the delivery as complete', async () => {
    const { id } = await mailing('Spring');
    // Someone withdraws after the admin pressed send but before the delivery reached them.
    await db.owner.update(mailConsents).set({ status: 'withdrawn', withdrawnAt: new Date() }).where(eq(mailConsents.userId, people[6]!.id));
    expect(await deliverUpdateMailing(db, tenant, id, deps, 3)).toBe(6);
    expect(await queuedTo()).toEqual(people.slice(0, 6).map((p) => p.email).sort());
    const [stored] = await db.owner.select().from(updateMailings).where(eq(updateMailings.id, id));
    expect(stored).toMatchObject({ deliveredCount: 6, deliveredAt: expect.any(Date) });
    // Run again (a retried job): nothing more is queued.
    expect(await deliverUpdateMailing(db, tenant, id, deps, 3)).toBe(0);
    expect((await queuedTo()).length).toBe(6);
  });

  it('a delivery that stopped after a batch goes on where it stopped: nobody gets the mail twice', async () => {
    await db.owner.execute(sql`delete from jobs where tenant_id = ${tenant.id}`);
    const { id } = await mailing('Summer');
    const ordered = [...people.slice(0, 6)].sort((a, b) => (a.id < b.id ? -1 : 1));
    // As if the first batch (the two lowest ids) was queued and the process then died.
    await db.owner
      .update(updateMailings)
      .set({ deliveredThroughUserId: ordered[1]!.id, deliveredCount: 2 })
      .where(and(eq(updateMailings.id, id), eq(updateMailings.tenantId, tenant.id)));
    expect(await deliverUpdateMailing(db, tenant, id, deps, 2)).toBe(4);
    expect(await queuedTo()).toEqual(ordered.slice(2).map((p) => p.email).sort());
    const [stored] = await db.owner.select().from(updateMailings).where(eq(updateMailings.id, id));
    expect(stored).toMatchObject({ deliveredCount: 6, deliveredThroughUserId: ordered[5]!.id });
  });
});
