import type { Orm } from '../../db/client.js';
import type { UseCase } from '../request-context.js';
import type { ContributedPrivilegeKind } from './access-reviews.contract.js';

/** One privilege someone or something holds in a site, as the access review lists it. */
export interface HeldPrivilege {
  /** The grant, user, token or key the privilege belongs to. */
  subjectId: string;
  /** Who holds it, for people: a person's name and e-mail, or a key's name. */
  holder: string;
  /** What it allows: a role, a scope, a list of scopes. */
  privilege: string;
  /** When it ends by itself (null: it does not). */
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  /** False when the source keeps no record of use (the report then says "unknown" and flags nothing). */
  lastUseRecorded: boolean;
}

/**
 * Privileges a product area hands out (e.g. the LRS's keys), declared in its module: the platform's
 * access review lists them with `list` and, when a reviewer revokes one, ends it with `revoke`
 * (inside the review's transaction; the area writes its own audit event). The platform never
 * imports an area, so this is the only way it learns of them.
 */
export interface PrivilegeSource {
  kind: ContributedPrivilegeKind;
  /** The privileges in force (not revoked, not expired), in the use case's site. */
  list(tx: Orm): Promise<HeldPrivilege[]>;
  /** Ends one; a privilege that is gone already (revoked, deleted) is no error but `already_gone`. */
  revoke(useCase: UseCase, subjectId: string): Promise<'revoked' | 'already_gone'>;
}
