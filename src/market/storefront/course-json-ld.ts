import type { Currency } from '../money.js';

export interface CourseJsonLdInput {
  name: string;
  description: string;
  url: string;
  siteName: string;
  siteUrl: string;
  language: string | null;
  instructorName: string;
  free: boolean;
  /** The price as the page shows it (a decimal string, "119.00"), and its currency. */
  price: string;
  currency: Currency;
}

/**
 * The product as schema.org `Course` data for search engines: who provides it, its language, and
 * one `Offer` with the price the page shows (the same figure, so page and data agree).
 */
export function courseJsonLd(input: CourseJsonLdInput): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'Course',
    name: input.name,
    description: input.description,
    url: input.url,
    provider: { '@type': 'Organization', name: input.siteName, url: input.siteUrl },
    ...(input.language ? { inLanguage: input.language } : {}),
    hasCourseInstance: {
      '@type': 'CourseInstance',
      courseMode: 'Online',
      ...(input.instructorName ? { instructor: { '@type': 'Person', name: input.instructorName } } : {}),
    },
    offers: {
      '@type': 'Offer',
      price: input.price,
      priceCurrency: input.currency,
      availability: 'https://schema.org/InStock',
      url: input.url,
      category: input.free ? 'Free' : 'Paid',
    },
  };
}
