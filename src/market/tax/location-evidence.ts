/**
 * Where a buyer is, for VAT: the rules for electronically supplied services (Implementing Regulation
 * 282/2011, Art. 24b–24f) presume the buyer's country from two pieces of evidence that do not
 * contradict each other, such as the billing address and the IP address, and the seller keeps that
 * evidence for ten years. This weighs the pieces; the caller records the outcome with the sale.
 */

export type EvidenceKind = 'billing_address' | 'ip_address' | 'card_country' | 'bank_country';

export interface EvidencePiece {
  kind: EvidenceKind;
  country: string | null;
}

export interface WeighedEvidence {
  /** The country most of the pieces name, or null when none names one or two countries tie. */
  country: string | null;
  /** How many kinds of evidence name `country` (0 when it is null); two suffice under the rules. */
  agreeing: number;
  /** Whether the pieces name more than one country. */
  conflicting: boolean;
  /** The pieces that name a country, upper case, in the order given: what the caller records. */
  pieces: { kind: EvidenceKind; country: string }[];
}

/**
 * XX and ZZ are what IP and card lookups answer when they do not know (Cloudflare's XX, for one):
 * no country, not a country that contradicts.
 */
const UNKNOWN = new Set(['XX', 'ZZ']);

/**
 * The country the evidence names. Pieces without a country, or with something else than two letters,
 * are left out. Two pieces of the same kind are one source, so they count once; the country named by
 * the most kinds wins, and the caller checks `agreeing >= 2` (and records `conflicting`) before
 * relying on it.
 */
export function weighLocationEvidence(pieces: readonly EvidencePiece[]): WeighedEvidence {
  const kept: { kind: EvidenceKind; country: string }[] = [];
  const kindsByCountry = new Map<string, Set<EvidenceKind>>();
  for (const piece of pieces) {
    const country = piece.country?.trim().toUpperCase();
    if (country === undefined || !/^[A-Z]{2}$/.test(country) || UNKNOWN.has(country)) continue;
    kept.push({ kind: piece.kind, country });
    const kinds = kindsByCountry.get(country) ?? new Set<EvidenceKind>();
    kinds.add(piece.kind);
    kindsByCountry.set(country, kinds);
  }

  let country: string | null = null;
  let agreeing = 0;
  let tied = false;
  for (const [candidate, kinds] of kindsByCountry) {
    if (kinds.size > agreeing) {
      country = candidate;
      agreeing = kinds.size;
      tied = false;
    } else if (kinds.size === agreeing) {
      tied = true;
    }
  }
  if (tied) return { country: null, agreeing: 0, conflicting: true, pieces: kept };
  return { country, agreeing, conflicting: kindsByCountry.size > 1, pieces: kept };
}
