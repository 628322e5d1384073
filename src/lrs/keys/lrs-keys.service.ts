import type { UseCase } from '../../platform/access/index.js';
import { insertActorEvent, insertAuditEvent } from '../../platform/audit/index.js';
import type { Db, Orm } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/index.js';
import type { Tenant } from '../../platform/tenancy/index.js';
import { createLrsKeyInput, type CreateLrsKeyInput } from './lrs-keys.contract.js';
import { findLrsKeyById, insertLrsKey, listLrsKeys, revokeLrsKeyRow, type LrsKeyRecord } from './lrs-keys.repository.js';
import { hashLrsSecret, newLrsKey } from './lrs-key-secret.js';

/** A key made now, with the secret that is shown this once. */
export interface CreatedLrsKey {
  record: LrsKeyRecord;
  secret: string;
}

async function insertNewKey(tx: Orm, input: CreateLrsKeyInput, createdBy: string | null): Promise<CreatedLrsKey> {
  const { key, secret } = newLrsKey();
  // `all` already holds every other scope; listed once each, in the contract's order.
  const scopes = [...new Set(input.scopes)];
  const record = await insertLrsKey(tx, { name: input.name, key, secretHash: hashLrsSecret(secret), scopes, createdBy });
  return { record, secret };
}

export async function createLrsKey(useCase: UseCase, input: CreateLrsKeyInput): Promise<CreatedLrsKey> {
  const created = await insertNewKey(useCase.tx, input, useCase.user.id);
  await insertActorEvent(useCase.tx, useCase, 'lrs_key.created', { type: 'lrs_key', id: created.record.id }, { name: input.name, key: created.record.key, scopes: created.record.scopes });
  return created;
}

export function lrsKeysOf(useCase: UseCase): Promise<LrsKeyRecord[]> {
  return listLrsKeys(useCase.tx);
}

/** Revokes a key and audits it; one revoked already is returned as it is, not audited again. */
export async function revokeLrsKey(useCase: UseCase, id: string): Promise<{ record: LrsKeyRecord; revoked: boolean }> {
  const record = await revokeLrsKeyRow(useCase.tx, id);
  if (!record) {
    const existing = await findLrsKeyById(useCase.tx, id);
    if (!existing) throw new AppError('LRS_KEY_NOT_FOUND', [{ field: 'id', value: id }]);
    return { record: existing, revoked: false };
  }
  await insertActorEvent(useCase.tx, useCase, 'lrs_key.revoked', { type: 'lrs_key', id }, { name: record.name, key: record.key });
  return { record, revoked: true };
}

// --- The operator's command line (`lectern lrs-key ...`): no user, the audit log names the command line. ---

/** Checks the input as the admin API does (a ZodError names what is wrong). */
export function createLrsKeyFromCommandLine(db: Db, tenant: Tenant, unchecked: CreateLrsKeyInput): Promise<CreatedLrsKey> {
  const input = createLrsKeyInput.parse(unchecked);
  return db.withTenant(tenant.id, async (tx) => {
    const created = await insertNewKey(tx, input, null);
    await insertAuditEvent(tx, { action: 'lrs_key.created', targetType: 'lrs_key', targetId: created.record.id, details: { name: input.name, key: created.record.key, scopes: created.record.scopes, by: 'command line' } });
    return created;
  });
}

export function lrsKeysFromCommandLine(db: Db, tenant: Tenant): Promise<LrsKeyRecord[]> {
  return db.withTenant(tenant.id, (tx) => listLrsKeys(tx));
}

/** Revokes the key with this id or key name (`lrs_…`). */
export function revokeLrsKeyFromCommandLine(db: Db, tenant: Tenant, idOrKey: string): Promise<LrsKeyRecord> {
  return db.withTenant(tenant.id, async (tx) => {
    const match = (await listLrsKeys(tx)).find((k) => k.id === idOrKey || k.key === idOrKey);
    if (!match) throw new AppError('LRS_KEY_NOT_FOUND', [{ field: 'key', value: idOrKey }]);
    const record = (await revokeLrsKeyRow(tx, match.id))!;
    await insertAuditEvent(tx, { action: 'lrs_key.revoked', targetType: 'lrs_key', targetId: record.id, details: { name: record.name, key: record.key, by: 'command line' } });
    return record;
  });
}
