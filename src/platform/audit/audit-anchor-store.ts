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

export class AnchorQuorumError extends Error {
  constructor(held: number, quorum: number, failures: string[]) {
    super(`the audit anchor reached ${held} of the ${quorum} storage locations it needs: ${failures.join('; ')}`);
    this.name = 'AnchorQuorumError';
  }
}

/** Writes the copy to every location; resolves when at least `quorum` hold it. */
export async function writeAnchorCopy(locations: readonly BlobLocation[], quorum: number, copy: AnchorCopy): Promise<string> {
  const key = anchorKeyOf(copy.tenantId, copy.seq);
  const bytes = Buffer.from(`${JSON.stringify(copy)}\n`);
  const results = await Promise.allSettled(locations.map((location) => location.put(key, Readable.from([bytes]), bytes.length)));
  const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`${locations[i]!.name}: ${(r.reason as Error).message}`] : []));
  if (results.length - failures.length < quorum) throw new AnchorQuorumError(results.length - failures.length, quorum, failures);
  return key;
}

async function readSmall(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_COPY_BYTES) {
      stream.destroy();
      throw new Error('larger than an anchor can be');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface AnchorCopies {
  /** Each readable copy by key; a key whose copies disagree between locations keeps each version. */
  copies: Map<string, { copy: AnchorCopy | null; location: string; problem?: string }[]>;
  /** Locations that could not be listed (the check then relies on the others and the database). */
  unreachable: { location: string; error: string }[];
}

/** Every anchor copy (of the tenants `wanted` names, when given) at every reachable location. */
export async function readAnchorCopies(locations: readonly BlobLocation[], wanted?: ReadonlySet<string>): Promise<AnchorCopies> {
  const copies: AnchorCopies['copies'] = new Map();
  const unreachable: AnchorCopies['unreachable'] = [];
  for (const location of locations) {
    try {
      for await (const object of location.list(ANCHOR_PREFIX)) {
        if (wanted && !wanted.has(object.key.slice(ANCHOR_PREFIX.length).split('.')[0]!)) continue;
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
  return { copies, unreachable };
}
