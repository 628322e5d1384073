import { Readable } from 'node:stream';
import { z } from 'zod';
import type { BlobLocation } from '../storage/blob-location.js';

/*
 * Anchor copies are platform objects (`platform/audit-anchors/<tenant id>.<seq>.json`) written to
 * every storage location beside the tenants' blobs, not blobs of a tenant's encrypted store: they
 * hold no personal data (a position, a hash, a time), must stay readable without the tenant's key,
 * and must survive a database that an attacker rewrote.
 */

export const ANCHOR_PREFIX = 'platform/audit-anchors/';
const MAX_COPY_BYTES = 4096;

export const anchorCopySchema = z.object({
  format: z.literal('lectern-audit-anchor'),
  version: z.literal(1),
  tenantId: z.uuid(),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  anchoredAt: z.iso.datetime(),
  /** The site's audit retention in days when the anchor was made: verification judges removed positions by it (not by the database's setting, which an owner can change). */
  retentionDays: z.number().int().positive().max(100_000).optional(),
});
export type AnchorCopy = z.infer<typeof anchorCopySchema>;

export function anchorKeyOf(tenantId: string, seq: number): string {
  return `${ANCHOR_PREFIX}${tenantId}.${seq}.json`;
}

/*
 * Erasure records (`platform/audit-erasures/<tenant id>.json`) say that a site was erased with
 * `lectern tenant delete`, which removes its chain with its rows: verification then tells a site
 * erased so from one whose rows were removed by hand (its anchors remain, with no such record).
 */
export const ERASURE_PREFIX = 'platform/audit-erasures/';

export const erasureRecordSchema = z.object({
  format: z.literal('lectern-site-erasure'),
  version: z.literal(1),
  tenantId: z.uuid(),
  slug: z.string().min(1).max(200),
  erasedAt: z.iso.datetime(),
  /** Where the site's chain ended when it was erased (0 and null: it had no entry). */
  headSeq: z.number().int().nonnegative(),
  headHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
});
export type ErasureRecord = z.infer<typeof erasureRecordSchema>;

export class AnchorQuorumError extends Error {
  constructor(what: string, held: number, quorum: number, failures: string[]) {
    super(`${what} reached ${held} of the ${quorum} storage locations it needs: ${failures.join('; ')}`);
    this.name = 'AnchorQuorumError';
  }
}

/** Writes a small platform object to every location; resolves when at least `quorum` hold it. */
async function writeToQuorum(what: string, locations: readonly BlobLocation[], quorum: number, key: string, object: unknown): Promise<string> {
  const bytes = Buffer.from(`${JSON.stringify(object)}\n`);
  const results = await Promise.allSettled(locations.map((location) => location.put(key, Readable.from([bytes]), bytes.length)));
  const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`${locations[i]!.name}: ${(r.reason as Error).message}`] : []));
  if (results.length - failures.length < quorum) throw new AnchorQuorumError(what, results.length - failures.length, quorum, failures);
  return key;
}

/** Writes the copy to every location; resolves when at least `quorum` hold it. */
export function writeAnchorCopy(locations: readonly BlobLocation[], quorum: number, copy: AnchorCopy): Promise<string> {
  return writeToQuorum('the audit anchor', locations, quorum, anchorKeyOf(copy.tenantId, copy.seq), copy);
}

/** Writes the erasure record to every location; resolves when at least `quorum` hold it. */
export function writeErasureRecord(locations: readonly BlobLocation[], quorum: number, record: ErasureRecord): Promise<string> {
  return writeToQuorum("the site's erasure record", locations, quorum, `${ERASURE_PREFIX}${record.tenantId}.json`, record);
}

async function readSmall(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_COPY_BYTES) {
      stream.destroy();
      throw new Error('larger than an anchor or erasure record can be');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface AnchorCopies {
  /** Each readable copy by key; a key whose copies disagree between locations keeps each version. */
  copies: Map<string, { copy: AnchorCopy | null; location: string; problem?: string }[]>;
  /** Every site some location holds anchors of, by the keys (whether `wanted` or not). */
  anchoredSites: Set<string>;
  /** Locations that could not be listed (the check then relies on the others and the database). */
  unreachable: { location: string; error: string }[];
}

/** Every anchor copy (of the tenants `wanted` names, when given) at every reachable location. */
export async function readAnchorCopies(locations: readonly BlobLocation[], wanted?: ReadonlySet<string>): Promise<AnchorCopies> {
  const copies: AnchorCopies['copies'] = new Map();
  const anchoredSites = new Set<string>();
  const unreachable: AnchorCopies['unreachable'] = [];
  for (const location of locations) {
    try {
      for await (const object of location.list(ANCHOR_PREFIX)) {
        const site = object.key.slice(ANCHOR_PREFIX.length).split('.')[0]!;
        anchoredSites.add(site);
        if (wanted && !wanted.has(site)) continue;
        let entry: { copy: AnchorCopy | null; location: string; problem?: string };
        try {
          const parsed = anchorCopySchema.safeParse(JSON.parse(await readSmall(await location.get(object.key))));
          entry = parsed.success ? { copy: parsed.data, location: location.name } : { copy: null, location: location.name, problem: 'not an anchor' };
        } catch (error) {
          entry = { copy: null, location: location.name, problem: (error as Error).message };
        }
        copies.set(object.key, [...(copies.get(object.key) ?? []), entry]);
      }
    } catch (error) {
      unreachable.push({ location: location.name, error: (error as Error).message });
    }
  }
  return { copies, anchoredSites, unreachable };
}

/** The erasure records the reachable locations hold, by site (readable ones; a location that cannot be listed is named by readAnchorCopies already). */
export async function readErasureRecords(locations: readonly BlobLocation[]): Promise<Map<string, ErasureRecord>> {
  const erasures = new Map<string, ErasureRecord>();
  for (const location of locations) {
    try {
      for await (const object of location.list(ERASURE_PREFIX)) {
        // A record that does not read as one (or names another site than its key) explains nothing.
        const parsed = await (async () => erasureRecordSchema.safeParse(JSON.parse(await readSmall(await location.get(object.key)))))().catch(() => null);
        if (parsed?.success && `${ERASURE_PREFIX}${parsed.data.tenantId}.json` === object.key) erasures.set(parsed.data.tenantId, parsed.data);
      }
    } catch {
      continue;
    }
  }
  return erasures;
}
