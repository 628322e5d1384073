import { AppError } from '../http/errors.js';
import { isErasedAddress } from './identity.contract.js';

/*
 * An erased person's account stays as a tombstone so their learning records and purchases keep
 * counting (platform/privacy/user-erasure.ts). It is deactivated with an address that reaches
 * nobody, and nothing may bring it back: reactivated, readdressed or given roles, it would hand
 * the person's records to whoever then signs in.
 */

/** The address an erasure gives an account (RFC 2606 `.invalid`: never delivered). */
export function erasedAddressOf(userId: string): string {
  return `erased-${userId}@invalid`;
}


/** Refuses any change to an erased account. */
export function assertNotErased(user: { id: string; email: string }): void {
  if (isErasedAddress(user.email)) throw new AppError('USER_ERASED', [{ field: 'id', value: user.id }]);
}
