import { createHash } from 'node:crypto';

/** A digest of an identifier as a uuid (the first 128 bits of its SHA-256): fixed-size index keys for agents, activities, verbs and registrations whatever their length. */
export function digestKey(kind: 'agent' | 'activity' | 'verb' | 'registration', identifier: string): string {
  const hex = createHash('sha256').update(`${kind}\n${identifier}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The key of an activity id (compared exactly, as IRIs are). */
export const activityKey = (activityId: string) => digestKey('activity', activityId);

/** The key of an agent's or identified group's inverse functional identifier (`mbox:mailto:…`, `account:<homePage> <name>`, …). */
export const agentKeyOfIdentifier = (identifier: string) => digestKey('agent', identifier);
