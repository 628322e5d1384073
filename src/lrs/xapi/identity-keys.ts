import { createHash } from 'node:crypto';

/** Keys digested lately: a batch names the same verbs, activities and learners again and again. Emptied when full. */
const recent = new Map<string, string>();
const RECENT_KEYS = 50_000;

/** A digest of an identifier as a uuid (the first 128 bits of its SHA-256): fixed-size index keys for agents, activities, verbs and registrations whatever their length. */
export function digestKey(kind: 'agent' | 'activity' | 'verb' | 'registration', identifier: string): string {
  const text = `${kind}\n${identifier}`;
  const known = recent.get(text);
  if (known !== undefined) return known;
  const hex = createHash('sha256').update(text).digest('hex');
  const key = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  if (recent.size >= RECENT_KEYS) recent.clear();
  // Long identifiers are not kept: a key holder cannot make the cache hold more than about RECENT_KEYS × 256 characters.
  if (text.length <= 256) recent.set(text, key);
  return key;
}

/** The key of an activity id (compared exactly, as IRIs are). */
export const activityKey = (activityId: string) => digestKey('activity', activityId);

/** The key of an agent's or identified group's inverse functional identifier (`mbox:mailto:…`, `account:<homePage> <name>`, …). */
export const agentKeyOfIdentifier = (identifier: string) => digestKey('agent', identifier);
