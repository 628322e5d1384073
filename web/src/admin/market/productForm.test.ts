import { describe, expect, it } from 'vitest';
import type { ProductView } from './market.api';
import { addPriceRow, productBody, productFormOf, slugFromTitle, type ProductFormValues } from './productForm';

const COURSE = '0b0c4f5e-3b8a-4d59-9a31-4cb0a2f1e001';
const OTHER = '0b0c4f5e-3b8a-4d59-9a31-4cb0a2f1e002';

const values = (over: Partial<ProductFormValues> = {}): ProductFormValues => ({
  ...productFormOf(undefined, 'de'),
  title: 'Brandschutz',
  slug: 'brandschutz',
  courseIds: [COURSE],
  ...over,
});

describe('the store address suggested by a title', () => {
  it('spells German letters out and drops other accents and signs', () => {
    expect(slugFromTitle('Brandschutz für Teams!')).toBe('brandschutz-fuer-teams');
    expect(slugFromTitle('  Straße & Größe – Café  ')).toBe('strasse-groesse-cafe');
    expect(slugFromTitle('***')).toBe('');
    expect(slugFromTitle('a'.repeat(79) + ' b')).toBe('a'.repeat(79));
  });
});

describe('the product sent from the editor', () => {
  it('reads the prices typed in the UI language into minor units', () => {
    const form = values();
    form.prices[0]!.amount = '49,90';
    const verdict = productBody(form, 'de');
    expect(verdict.ok && verdict.body).toMatchObject({ slug: 'brandschutz', kind: 'course', courseIds: [COURSE], prices: [{ currency: 'EUR', amountMinor: 4990 }], accessDays: null, language: null });
  });

  it('names each field that cannot be sent, by the API’s path', () => {
    const form = values({ title: ' ', slug: 'Not A Slug', kind: 'bundle', access: 'days', accessDays: 0 });
    form.prices[0]!.amount = '12,345';
    const verdict = productBody(form, 'de');
    expect(verdict.ok ? null : verdict.problems).toEqual({ title: 'required', slug: 'slug', courseIds: 'courseTwo', accessDays: 'days', 'prices.0.amountMinor': 'decimals' });
  });

  it('sends a free product without prices or seats, and needs a price otherwise', () => {
    const free = productBody(values({ free: true, seatPacks: true }), 'de');
    expect(free.ok && free.body).toMatchObject({ free: true, seatPacks: false, prices: [] });
    expect(productBody(values({ prices: [] }), 'de')).toEqual({ ok: false, problems: { prices: 'priceNeeded' } });
  });

  it('keeps a preview only among the product’s courses', () => {
    const form = values({ kind: 'bundle', courseIds: [COURSE, OTHER], previewCourseId: OTHER });
    form.prices[0]!.amount = '10';
    const verdict = productBody(form, 'de');
    expect(verdict.ok && verdict.body.previewCourseId).toBe(OTHER);
  });

  it('loads a product’s prices as the seller reads them, and adds a row per unused currency', () => {
    const product = { slug: 's', title: 'T', kind: 'course', status: 'published', summary: '', description: '', instructorName: '', instructorBio: '', accessDays: 30, free: false, seatPacks: false, language: 'de', courseIds: [COURSE], previewCourseId: null, prices: [{ currency: 'EUR', amountMinor: 4990 }, { currency: 'JPY', amountMinor: 500 }] } as unknown as ProductView;
    const form = productFormOf(product, 'de');
    expect(form.prices.map((p) => [p.currency, p.amount])).toEqual([['EUR', '49,90'], ['JPY', '500']]);
    expect(form).toMatchObject({ access: 'days', accessDays: 30, slugEdited: true });
    expect(addPriceRow(form.prices)?.at(-1)?.currency).toBe('USD');
  });
});
