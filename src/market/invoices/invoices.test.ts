import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, PASSWORD, signInCookie, testConfig } from '../../../test/app.js';
import { engine } from '../../../test/db.js';
import { databaseError } from '../../../test/db-error.js';
import { png } from '../../../test/images.js';
import { pdfTextLines } from '../../../test/pdf-text.js';
import { createLearnTestSite, type LearnTestSite } from '../../learn/courses/courses.test-support.js';
import { queryRows } from '../../platform/db/index.js';
import { createUser } from '../../platform/identity/users.service.js';
import { findTenantById } from '../../platform/tenancy/index.js';
import { deleteTenantRow, updateTenantSettings } from '../../platform/tenancy/tenants.repository.js';
import { marketModule } from '../market.module.js';
import { applyRefund } from '../orders/apply-refund.js';
import { marketOrderPaid } from '../orders/order-events.js';
import { markOrderPaid } from '../orders/order-paid.js';
import { insertOrder, insertRefund, linesOf, type NewOrderLine } from '../orders/orders.repository.js';
import type { StoredInvoiceDocument } from './build-document.js';
import { invoiceJobHandlers, MARKET_INVOICE_PDF } from './invoice-files.js';
import type { InvoiceRow } from './invoices.repository.js';
import { marketInvoices } from './invoices.schema.js';
import { invoiceOnPayment } from './invoice-on-payment.js';
import { issueCreditNote, issueInvoice } from './issue-invoice.js';

const SELLER = {
  open: true,
  sellerName: 'Lectern Academy GmbH',
  sellerAddress: 'Hauptstraße 5\n10115 Berlin',
  sellerCountry: 'DE',
  sellerVatId: 'DE123456789',
  sellerEmail: 'billing@academy.example',
  bankTransfer: { enabled: true, accountHolder: 'Lectern Academy Treuhand', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', paymentTermDays: 14 },
};

type Line = Omit<NewOrderLine, 'position' | 'courseIds'>;
const DOMESTIC: Line = { title: 'Advanced TypeScript', quantity: 1, unitPriceMinor: 11900, netMinor: 10000, vatMinor: 1900, grossMinor: 11900, vatRateBasisPoints: 1900, taxRule: 'domestic', taxCountry: 'DE' };
const REVERSE_CHARGE: Line = { title: 'Team seats: Advanced TypeScript (5 seats)', quantity: 5, seatPack: true, unitPriceMinor: 10000, netMinor: 50000, vatMinor: 0, grossMinor: 50000, vatRateBasisPoints: 0, taxRule: 'reverse_charge', taxCountry: 'FR' };

interface OrderSpec {
  buyerUserId?: string | null;
  provider?: 'stripe' | 'invoice' | 'free';
  language?: 'de' | 'en';
  lines?: Line[];
  buyer?: { company?: string; country?: string; vatId?: string; address?: string };
}
interface PlacedOrder {
  orderId: string;
  paymentId: string;
  reference: string;
}

type Refusal = { error: { code: string } };

describe(`issued invoices and credit notes (${engine})`, () => {
  let site: LearnTestSite;
  const db = () => site.ctx.db;

  beforeAll(async () => {
    site = await createLearnTestSite('invoices');
    await sellAs(site.tenantId);
  });
  afterAll(() => site.close());

  async function sellAs(tenantId: string, extra: Record<string, unknown> = {}): Promise<void> {
    const tenant = (await findTenantById(db().owner, tenantId))!;
    await updateTenantSettings(db().owner, tenantId, { ...tenant.settings, market: SELLER, ...extra } as typeof tenant.settings);
  }

  async function newTenant(slug: string): Promise<string> {
    const tenant = (await createTenantWithUser(db(), slug)).tenant;
    await sellAs(tenant.id);
    return tenant.id;
  }

  async function placeOrder(tenantId: string, spec: OrderSpec = {}): Promise<PlacedOrder> {
    const lines = spec.lines ?? [DOMESTIC];
    const sum = (key: 'netMinor' | 'vatMinor' | 'grossMinor') => lines.reduce((total, line) => total + line[key], 0);
    const reference = randomBytes(4).toString('hex').toUpperCase();
    const ids = await db().withTenant(tenantId, (tx) =>
      insertOrder(
        tx,
        {
          reference,
          status: 'pending',
          provider: spec.provider ?? 'stripe',
          buyerUserId: spec.buyerUserId ?? null,
          buyerEmail: 'erika@example.test',
          buyerFirstName: 'Erika',
          buyerLastName: 'Mustermann',
          buyerCompany: spec.buyer?.company ?? null,
          buyerAddress: spec.buyer?.address ?? 'Lindenweg 3\n80331 München',
          buyerCountry: spec.buyer?.country ?? 'DE',
          buyerVatId: spec.buyer?.vatId ?? null,
          buyerVatStatus: spec.buyer?.vatId ? 'valid' : null,
          language: spec.language ?? 'en',
          currency: 'EUR',
          netMinor: sum('netMinor'),
          vatMinor: sum('vatMinor'),
          grossMinor: sum('grossMinor'),
        },
        lines.map((line, index) => ({ ...line, position: index + 1, courseIds: [] })),
        { provider: spec.provider ?? 'stripe', status: 'open' },
      ),
    );
    return { ...ids, reference };
  }

  // The payment's transaction, then the invoice's, as market.order.paid's handler issues it (invoice-on-payment.ts).
  const pay = async (tenantId: string, order: PlacedOrder) => {
    const paid = await db().withTenant(tenantId, (tx) => markOrderPaid(tx, { orderId: order.orderId, paymentId: order.paymentId, providerPaymentId: `pi_${order.reference}`, via: 'stripe' }));
    await db().withTenant(tenantId, (tx) => invoiceOnPayment.handle({ id: randomUUID(), name: marketOrderPaid.name, occurredAt: new Date().toISOString(), tenantId, data: { orderId: order.orderId } }, tx));
    return paid;
  };

  const invoicesOf = (tenantId: string, orderId?: string) =>
    db().withTenant(tenantId, (tx) =>
      tx
        .select()
        .from(marketInvoices)
        .where(orderId ? sql`${marketInvoices.orderId} = ${orderId}` : undefined)
        .orderBy(marketInvoices.sequence),
    );

  async function invoiceOf(tenantId: string, orderId: string): Promise<InvoiceRow> {
    const rows = (await invoicesOf(tenantId, orderId)).filter((row) => row.kind === 'invoice');
    expect(rows).toHaveLength(1);
    return rows[0]!;
  }

  async function refund(tenantId: string, orderId: string, amounts: number[], kind: 'refund' | 'chargeback' = 'refund'): Promise<string> {
    return db().withTenant(tenantId, async (tx) => {
      const lines = await linesOf(tx, orderId);
      const parts = amounts.map((amountMinor, index) => ({ lineId: lines[index]!.id, amountMinor })).filter((part) => part.amountMinor > 0);
      const total = parts.reduce((sum, part) => sum + part.amountMinor, 0);
      const refundId = await insertRefund(tx, { orderId, kind, status: 'succeeded', amountMinor: total, lines: parts, reason: 'test', createdBy: null });
      await applyRefund(tx, { orderId, lines: parts, kind, refundId });
      return refundId;
    });
  }

  const runPdfJob = (tenantId: string, invoiceId: string) =>
    invoiceJobHandlers({ db: db(), storage: site.ctx.storage, config: testConfig() })[MARKET_INVOICE_PDF]!({ invoiceId }, { id: 1, kind: MARKET_INVOICE_PDF, tenantId, attempts: 1, maxAttempts: 5 });

  const download = (invoiceId: string, cookie: string) => site.ctx.app.inject({ method: 'GET', url: `/api/market/invoices/${invoiceId}/pdf`, headers: { host: site.host, cookie } });

  const textOf = (pdf: Buffer) =>
    pdfTextLines(pdf)
      .map((line) => line.replace(/[\u00A0\u202F]/g, ' ').trim())
      .join(' ')
      .replace(/\s+/g, ' ');

  describe('numbering', () => {
    it('gives 20 orders paid at once the numbers 1 to 20, without gap or twin, in the order of their dates; a rolled-back issue leaves no gap', async () => {
      const tenantId = await newTenant('numbering');
      const orders = await Promise.all(Array.from({ length: 20 }, () => placeOrder(tenantId)));
      expect(await Promise.all(orders.map((order) => pay(tenantId, order)))).toEqual(Array.from({ length: 20 }, () => true));

      const issued = await invoicesOf(tenantId);
      expect(issued.map((row) => row.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(new Set(issued.map((row) => row.orderId))).toEqual(new Set(orders.map((order) => order.orderId)));
      for (const row of issued) expect(row.number).toMatch(new RegExp(`^\\d{4}-${String(row.sequence).padStart(6, '0')}$`));
      const times = issued.map((row) => row.issuedAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));

      // Issued, then the transaction fails: the number goes back.
      const [lost, next] = [await placeOrder(tenantId), await placeOrder(tenantId)];
      await expect(
        db().withTenant(tenantId, async (tx) => {
          await markOrderPaid(tx, { orderId: lost.orderId, paymentId: lost.paymentId, providerPaymentId: null, via: 'stripe' });
          expect((await issueInvoice(tx, lost.orderId))?.number).toMatch(/-000021$/);
          throw new Error('the webhook failed after issuing');
        }),
      ).rejects.toThrow('the webhook failed after issuing');
      expect(await invoicesOf(tenantId, lost.orderId)).toEqual([]);
      await pay(tenantId, next);
      expect((await invoiceOf(tenantId, next.orderId)).sequence).toBe(21);
      await pay(tenantId, lost);
      expect((await invoiceOf(tenantId, lost.orderId)).sequence).toBe(22);
    });

    it('keeps one series per tenant, and issuing again gives the same invoice', async () => {
      const [a, b] = [await newTenant('series-a'), await newTenant('series-b')];
      const first = await placeOrder(a);
      await pay(a, first);
      await pay(a, await placeOrder(a));
      const other = await placeOrder(b);
      await pay(b, other);
      expect((await invoicesOf(a)).map((row) => row.sequence)).toEqual([1, 2]);
      expect((await invoicesOf(b)).map((row) => row.sequence)).toEqual([1]);

      const again = await db().withTenant(a, (tx) => issueInvoice(tx, first.orderId));
      expect(again).toEqual({ id: (await invoiceOf(a, first.orderId)).id, number: (await invoiceOf(a, first.orderId)).number, kind: 'invoice' });
      expect(await invoicesOf(a)).toHaveLength(2);
      // Paid again (a repeated event): nothing new.
      expect(await pay(a, first)).toBe(false);
      expect(await invoicesOf(a)).toHaveLength(2);
    });

    it('issues nothing for a free order, and no credit note for what is no refund', async () => {
      const tenantId = await newTenant('free');
      const free = await placeOrder(tenantId, { provider: 'free', lines: [{ ...DOMESTIC, unitPriceMinor: 0, netMinor: 0, vatMinor: 0, grossMinor: 0 }] });
      await db().withTenant(tenantId, (tx) => markOrderPaid(tx, { orderId: free.orderId, paymentId: free.paymentId, providerPaymentId: null, via: 'free' }));
      expect(await invoicesOf(tenantId)).toEqual([]);
      expect(await db().withTenant(tenantId, (tx) => issueCreditNote(tx, 'dp_1234'))).toBeNull();
      expect(await db().withTenant(tenantId, (tx) => issueCreditNote(tx, free.orderId))).toBeNull();
    });
  });

  describe('what an invoice says', () => {
    it('names seller and buyer, the lines with their VAT, and how it was paid; the PDF shows it, the same bytes before and after it is stored', async () => {
      const logo = await site.ctx.storage.put(site.tenantId, png(64, 32));
      const tenant = (await findTenantById(db().owner, site.tenantId))!;
      await updateTenantSettings(db().owner, site.tenantId, { ...tenant.settings, branding: { logo: { hash: logo.hash, mediaType: 'image/png', width: 64, height: 32 } } } as typeof tenant.settings);

      const order = await placeOrder(site.tenantId, { buyerUserId: site.userIds.learner, language: 'de' });
      await pay(site.tenantId, order);
      const invoice = await invoiceOf(site.tenantId, order.orderId);
      const document = invoice.document as StoredInvoiceDocument;
      expect(document).toMatchObject({
        kind: 'invoice',
        number: invoice.number,
        orderReference: order.reference,
        seller: { name: 'Lectern Academy GmbH', addressLines: ['Hauptstraße 5', '10115 Berlin'], country: 'DE', vatId: 'DE123456789', email: 'billing@academy.example' },
        buyer: { name: 'Erika Mustermann', company: null, addressLines: ['Lindenweg 3', '80331 München'], country: 'DE', vatId: null, email: 'erika@example.test' },
        currency: 'EUR',
        lines: [{ description: 'Advanced TypeScript', quantity: 1, unitNetMinor: 10000, netMinor: 10000, vatRateBasisPoints: 1900, vatMinor: 1900, grossMinor: 11900 }],
        totals: { netMinor: 10000, vatMinor: 1900, grossMinor: 11900 },
        vatBreakdown: [{ rateBasisPoints: 1900, netMinor: 10000, vatMinor: 1900 }],
        reverseCharge: false,
        outsideEu: false,
        payment: { method: 'card', paidAt: document.issuedAt },
      });
      expect(invoice).toMatchObject({ language: 'de', buyerUserId: site.userIds.learner, logoHash: logo.hash, pdfHash: null });

      // Before the job has run, the PDF is rendered on the fly.
      const early = await download(invoice.id, site.cookies.admin);
      expect(early.statusCode, early.body).toBe(200);
      expect(early.headers['content-type']).toBe('application/pdf');
      expect(early.headers['content-disposition']).toBe(`attachment; filename="${invoice.number}.pdf"`);
      expect(early.headers['cache-control']).toBe('private, no-store');
      const text = textOf(early.rawPayload);
      expect(text).toContain('Rechnung');
      expect(text).toContain(invoice.number);
      expect(text).toContain('Lectern Academy GmbH');
      expect(text).toContain('USt-IdNr.: DE123456789');
      expect(text).toContain('Advanced TypeScript 1 100,00 € 19 % 100,00 € 119,00 €');
      expect(text).toContain('Gesamtbetrag 119,00 €');
      expect(text).toContain('Bezahlt per Karte');
      expect(early.rawPayload.toString('latin1')).toContain('/Subtype /Image');

      await runPdfJob(site.tenantId, invoice.id);
      const stored = (await invoiceOf(site.tenantId, order.orderId)).pdfHash;
      expect(stored).toBe(createHash('sha256').update(early.rawPayload).digest('hex'));
      const late = await download(invoice.id, site.cookies.learner);
      expect(late.statusCode).toBe(200);
      expect(late.rawPayload.equals(early.rawPayload)).toBe(true);

      // The store's collector keeps the PDF and the logo drawn on it, even once the site's logo changes.
      const references = marketModule.blobReferences!({ db: db(), storage: site.ctx.storage, config: testConfig() });
      expect(await references(site.tenantId, [stored!, logo.hash, 'f'.repeat(64)])).toEqual(new Set([stored, logo.hash]));
    });

    it('for a company in another EU country: its VAT ID, no VAT and the reverse-charge note', async () => {
      const order = await placeOrder(site.tenantId, { lines: [REVERSE_CHARGE], buyer: { company: 'Formation SARL', country: 'FR', vatId: 'FR40303265045', address: '12 rue de la Paix\n75002 Paris' } });
      await pay(site.tenantId, order);
      const invoice = await invoiceOf(site.tenantId, order.orderId);
      expect(invoice.document).toMatchObject({
        buyer: { company: 'Formation SARL', country: 'FR', vatId: 'FR40303265045', addressLines: ['12 rue de la Paix', '75002 Paris'] },
        lines: [{ quantity: 5, unitNetMinor: 10000, netMinor: 50000, vatMinor: 0, grossMinor: 50000, vatRateBasisPoints: 0 }],
        totals: { netMinor: 50000, vatMinor: 0, grossMinor: 50000 },
        vatBreakdown: [{ rateBasisPoints: 0, netMinor: 50000, vatMinor: 0 }],
        reverseCharge: true,
      });
      const text = textOf((await download(invoice.id, site.cookies.admin)).rawPayload);
      expect(text).toContain('VAT ID: FR40303265045');
      expect(text).toContain('Reverse charge: the recipient is liable for the VAT');
      expect(text).toContain('Total €500.00');
    });

    it('for a bank transfer: issued when the order is placed, with the account, the reference and the due date; payment later issues no second one', async () => {
      const order = await placeOrder(site.tenantId, { provider: 'invoice' });
      const issued = await db().withTenant(site.tenantId, (tx) => issueInvoice(tx, order.orderId));
      const invoice = await invoiceOf(site.tenantId, order.orderId);
      expect(issued).toEqual({ id: invoice.id, number: invoice.number, kind: 'invoice' });
      const document = invoice.document as StoredInvoiceDocument;
      const due = new Date(`${document.issuedAt}T00:00:00Z`);
      due.setUTCDate(due.getUTCDate() + 14);
      expect(document.payment).toEqual({
        method: 'bank_transfer',
        paidAt: null,
        bank: { accountHolder: 'Lectern Academy Treuhand', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', reference: order.reference, dueDate: due.toISOString().slice(0, 10) },
      });
      const text = textOf((await download(invoice.id, site.cookies.admin)).rawPayload);
      expect(text).toContain('IBAN DE89 3704 0044 0532 0130 00');
      expect(text).toContain(`Reference ${order.reference}`);

      await db().withTenant(site.tenantId, (tx) => markOrderPaid(tx, { orderId: order.orderId, paymentId: order.paymentId, providerPaymentId: null, via: 'seller' }));
      expect(await invoicesOf(site.tenantId, order.orderId)).toHaveLength(1);
    });
  });

  describe('credit notes', () => {
    it('credits a partial refund in the same series: the amount split into net and VAT, correcting the invoice; the whole rest later', async () => {
      const tenantId = await newTenant('credits');
      const order = await placeOrder(tenantId, { lines: [DOMESTIC, { ...DOMESTIC, title: 'Workbook', unitPriceMinor: 5950, netMinor: 5000, vatMinor: 950, grossMinor: 5950 }] });
      await pay(tenantId, order);
      const invoice = await invoiceOf(tenantId, order.orderId);

      const first = await refund(tenantId, order.orderId, [5000]);
      const [, credit] = await invoicesOf(tenantId, order.orderId);
      expect(credit).toMatchObject({ kind: 'credit_note', sequence: 2, refundId: first, correctsInvoiceId: invoice.id });
      // 5000 × 1900 / 11900 = 798.3 → 798 VAT; the net is the rest.
      expect(credit!.document).toMatchObject({
        kind: 'credit_note',
        number: credit!.number,
        correctsNumber: invoice.number,
        lines: [{ description: 'Advanced TypeScript', quantity: 1, unitNetMinor: 4202, netMinor: 4202, vatMinor: 798, grossMinor: 5000, vatRateBasisPoints: 1900 }],
        totals: { netMinor: 4202, vatMinor: 798, grossMinor: 5000 },
        vatBreakdown: [{ rateBasisPoints: 1900, netMinor: 4202, vatMinor: 798 }],
        payment: { method: 'card', bank: null },
      });
      const text = textOf(await renderedPdf(tenantId, credit!));
      expect(text).toContain('Credit note');
      expect(text).toContain(`corrects invoice ${invoice.number}`);
      expect(text).toContain(credit!.number);
      expect(text).toContain('Total credited €50.00');

      // The rest of both lines: each line's remaining net and VAT, which with the first add up to the invoice's.
      await refund(tenantId, order.orderId, [6900, 5950]);
      const notes = (await invoicesOf(tenantId, order.orderId)).filter((row) => row.kind === 'credit_note');
      expect(notes.map((row) => row.sequence)).toEqual([2, 3]);
      const rest = notes[1]!.document as StoredInvoiceDocument;
      expect(rest.lines.map((line) => [line.netMinor, line.vatMinor, line.grossMinor])).toEqual([
        [5798, 1102, 6900],
        [5000, 950, 5950],
      ]);
      expect(rest.totals).toEqual({ netMinor: 10798, vatMinor: 2052, grossMinor: 12850 });
      expect(await db().withTenant(tenantId, (tx) => issueCreditNote(tx, first))).toEqual({ id: credit!.id, number: credit!.number, kind: 'credit_note' });
    });

    it('credits a chargeback, and none for an order that has no invoice', async () => {
      const tenantId = await newTenant('chargeback');
      const order = await placeOrder(tenantId);
      await pay(tenantId, order);
      await refund(tenantId, order.orderId, [11900], 'chargeback');
      const [, note] = await invoicesOf(tenantId, order.orderId);
      expect(note).toMatchObject({ kind: 'credit_note', sequence: 2 });
      expect((note!.document as StoredInvoiceDocument).totals).toEqual({ netMinor: 10000, vatMinor: 1900, grossMinor: 11900 });

      // A bank transfer whose invoice was never issued: its refund gets no credit note (nothing to correct), and takes no number.
      const uninvoiced = await placeOrder(tenantId, { provider: 'invoice' });
      await db().withTenant(tenantId, (tx) => markOrderPaid(tx, { orderId: uninvoiced.orderId, paymentId: uninvoiced.paymentId, providerPaymentId: null, via: 'seller' }));
      await refund(tenantId, uninvoiced.orderId, [1000]);
      expect(await invoicesOf(tenantId, uninvoiced.orderId)).toEqual([]);
      await pay(tenantId, await placeOrder(tenantId));
      expect((await invoicesOf(tenantId)).map((row) => row.sequence)).toEqual([1, 2, 3]);
    });
  });

  async function renderedPdf(tenantId: string, row: InvoiceRow): Promise<Buffer> {
    await runPdfJob(tenantId, row.id);
    const [stored] = await invoicesOf(tenantId, row.orderId).then((rows) => rows.filter((r) => r.id === row.id));
    const chunks: Buffer[] = [];
    for await (const chunk of await site.ctx.storage.get(tenantId, stored!.pdfHash!)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  describe('kept as issued', () => {
    it('refuses to change or delete an invoice, for the application and the owner alike; only the PDF is set, once', async () => {
      const order = await placeOrder(site.tenantId, { buyerUserId: site.userIds.learner });
      await pay(site.tenantId, order);
      const invoice = await invoiceOf(site.tenantId, order.orderId);
      const asApp = (statement: ReturnType<typeof sql>) => databaseError(db().withTenant(site.tenantId, (tx) => tx.execute(statement)));
      const asOwner = (statement: ReturnType<typeof sql>) => databaseError(db().owner.execute(statement));

      expect(await asApp(sql`update market_invoices set document = '{}'::jsonb where id = ${invoice.id}`)).toMatch(/permission denied/);
      expect(await asApp(sql`update market_invoices set number = '2000-000001' where id = ${invoice.id}`)).toMatch(/permission denied/);
      expect(await asApp(sql`delete from market_invoices where id = ${invoice.id}`)).toMatch(/permission denied/);
      expect(await asOwner(sql`update market_invoices set document = jsonb_set(document, '{totals,grossMinor}', '1') where id = ${invoice.id}`)).toMatch(/cannot be changed/);
      expect(await asOwner(sql`update market_invoices set number = '2000-000001' where id = ${invoice.id}`)).toMatch(/cannot be changed/);
      expect(await asOwner(sql`update market_invoices set issued_at = now() - interval '1 year' where id = ${invoice.id}`)).toMatch(/cannot be changed/);
      expect(await asOwner(sql`delete from market_invoices where id = ${invoice.id}`)).toMatch(/cannot be deleted/);
      expect(await asOwner(sql`delete from market_orders where id = ${order.orderId}`)).toMatch(/cannot be deleted/);
      expect(await asOwner(sql`update market_invoices set buyer_user_id = ${site.userIds.instructor} where id = ${invoice.id}`)).toMatch(/can only be cleared/);
      expect(await asOwner(sql`truncate market_invoices cascade`)).toMatch(/cannot be truncated/);
      expect(await asOwner(sql`update market_invoice_counters set last_number = 1 where tenant_id = ${site.tenantId}`)).toMatch(/only counts up by one/);

      await runPdfJob(site.tenantId, invoice.id);
      expect(await asOwner(sql`update market_invoices set pdf_hash = ${'0'.repeat(64)} where id = ${invoice.id}`)).toMatch(/set once/);
      const after = await invoiceOf(site.tenantId, order.orderId);
      expect({ ...after, pdfHash: null }).toEqual(invoice);
      expect(after.pdfHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it("keeps the invoice when the buyer's account is deleted: the seller still downloads it", async () => {
      const buyer = await createUser(db(), site.tenantId, { email: 'leaving@invoices.test', firstName: 'Lea', lastName: 'Ving', roles: ['learner'], password: PASSWORD });
      const order = await placeOrder(site.tenantId, { buyerUserId: buyer.id });
      await pay(site.tenantId, order);
      const invoice = await invoiceOf(site.tenantId, order.orderId);
      expect(invoice.buyerUserId).toBe(buyer.id);

      const deleted = await site.ctx.app.inject({ method: 'DELETE', url: `/api/admin/users/${buyer.id}`, headers: { host: site.host, cookie: site.cookies.admin } });
      expect(deleted.statusCode, deleted.body).toBe(204);
      const kept = await invoiceOf(site.tenantId, order.orderId);
      expect(kept).toEqual({ ...invoice, buyerUserId: null });
      const res = await download(invoice.id, site.cookies.admin);
      expect(res.statusCode).toBe(200);
      expect(textOf(res.rawPayload)).toContain(invoice.number);
    });

    it("erasing the tenant removes its invoices, credit notes and counter; another tenant's stay", async () => {
      const tenantId = await newTenant('erased');
      const order = await placeOrder(tenantId);
      await pay(tenantId, order);
      await refund(tenantId, order.orderId, [1000]);
      expect(await invoicesOf(tenantId)).toHaveLength(2);
      const before = (await invoicesOf(site.tenantId)).length;

      expect(await deleteTenantRow(db().owner, tenantId)).toBe(true);
      const left = await queryRows<{ invoices: number; counters: number }>(
        db().owner,
        sql`select (select count(*)::int from market_invoices where tenant_id = ${tenantId}) as invoices, (select count(*)::int from market_invoice_counters where tenant_id = ${tenantId}) as counters`,
      );
      expect(left[0]).toEqual({ invoices: 0, counters: 0 });
      expect(await invoicesOf(site.tenantId)).toHaveLength(before);
    });
  });

  describe('who sees which', () => {
    it('the buyer downloads and lists their own; another signed-in user gets 404, audited; the seller lists an order’s', async () => {
      const order = await placeOrder(site.tenantId, { buyerUserId: site.userIds.learner });
      await pay(site.tenantId, order);
      await refund(site.tenantId, order.orderId, [1900]);
      const [invoice, credit] = await invoicesOf(site.tenantId, order.orderId);

      const own = await download(invoice!.id, site.cookies.learner);
      expect(own.statusCode, own.body).toBe(200);
      expect(textOf(own.rawPayload)).toContain(invoice!.number);

      for (const id of [invoice!.id, credit!.id]) {
        const refused = await download(id, site.cookies.instructor);
        expect(refused.statusCode).toBe(404);
        expect(refused.json<Refusal>().error.code).toBe('MARKET_INVOICE_NOT_FOUND');
      }
      // An unknown id answers the same.
      const unknown = await download('00000000-0000-4000-8000-000000000000', site.cookies.instructor);
      expect([unknown.statusCode, unknown.json<Refusal>().error.code]).toEqual([404, 'MARKET_INVOICE_NOT_FOUND']);
      const audited = await db().withTenant(site.tenantId, (tx) =>
        queryRows<{ target_id: string; actor_user_id: string; details: { exists: boolean } }>(tx, sql`select target_id, actor_user_id, details from audit_events where action = 'market.invoice_refused' order by id`),
      );
      expect(audited.map((row) => [row.target_id, row.actor_user_id, row.details.exists])).toEqual([
        [invoice!.id, site.userIds.instructor, true],
        [credit!.id, site.userIds.instructor, true],
        ['00000000-0000-4000-8000-000000000000', site.userIds.instructor, false],
      ]);
      expect((await site.ctx.app.inject({ method: 'GET', url: `/api/market/invoices/${invoice!.id}/pdf`, headers: { host: site.host } })).statusCode).toBe(401);

      const mine = await site.ctx.app.inject({ method: 'GET', url: '/api/market/my/invoices', headers: { host: site.host, cookie: site.cookies.learner } });
      expect(mine.statusCode).toBe(200);
      const listed = mine.json<{ invoices: { id: string; kind: string; number: string; correctsNumber: string | null; grossMinor: number; pdfUrl: string }[] }>().invoices;
      expect(listed.slice(0, 2)).toMatchObject([
        { id: credit!.id, kind: 'credit_note', number: credit!.number, correctsNumber: invoice!.number, grossMinor: 1900, pdfUrl: `/api/market/invoices/${credit!.id}/pdf` },
        { id: invoice!.id, kind: 'invoice', number: invoice!.number, correctsNumber: null, grossMinor: 11900 },
      ]);
      const learnerInvoices = (await invoicesOf(site.tenantId)).filter((row) => row.buyerUserId === site.userIds.learner);
      expect(listed.map((row) => row.id).sort()).toEqual(learnerInvoices.map((row) => row.id).sort());
      const others = await site.ctx.app.inject({ method: 'GET', url: '/api/market/my/invoices', headers: { host: site.host, cookie: site.cookies.instructor } });
      expect(others.json<{ invoices: unknown[] }>().invoices).toEqual([]);

      const ofOrder = await site.ctx.app.inject({ method: 'GET', url: `/api/market/orders/${order.orderId}/invoices`, headers: { host: site.host, cookie: site.cookies.admin } });
      expect(ofOrder.statusCode).toBe(200);
      expect(ofOrder.json<{ invoices: { id: string; orderReference: string }[] }>().invoices).toMatchObject([
        { id: invoice!.id, orderReference: order.reference },
        { id: credit!.id, orderReference: order.reference },
      ]);
      expect((await site.ctx.app.inject({ method: 'GET', url: `/api/market/orders/${order.orderId}/invoices`, headers: { host: site.host, cookie: site.cookies.learner } })).statusCode).toBe(403);
      const noOrder = await site.ctx.app.inject({ method: 'GET', url: '/api/market/orders/00000000-0000-4000-8000-000000000000/invoices', headers: { host: site.host, cookie: site.cookies.admin } });
      expect(noOrder.json<Refusal>().error.code).toBe('MARKET_ORDER_NOT_FOUND');
    });

    it("another site's administrator finds none of this site's invoices", async () => {
      const order = await placeOrder(site.tenantId);
      await pay(site.tenantId, order);
      const invoice = await invoiceOf(site.tenantId, order.orderId);
      const other = await createTenantWithUser(db(), 'invoices-other');
      const cookie = await signInCookie(site.ctx.app, other.host, other.email, PASSWORD);
      const res = await site.ctx.app.inject({ method: 'GET', url: `/api/market/invoices/${invoice.id}/pdf`, headers: { host: other.host, cookie } });
      expect([res.statusCode, res.json<Refusal>().error.code]).toEqual([404, 'MARKET_INVOICE_NOT_FOUND']);
    });
  });
});
