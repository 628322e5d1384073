import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/client.js';
import { AppError } from '../../../http/errors.js';
import { verifyAgainstDummy, verifyPassword } from '../../../identity/password-hash.js';
import { enrolmentOf, matchingStep, newTotpSecret } from '../../../identity/mfa/totp.js';
import { hashSessionId, newSessionId } from '../../../identity/session-token.js';
import { secretBox } from '../../../secrets/installed-secret-box.js';
import {
  claimStaffMfaStep,
  deleteStaffSession,
  findStaffByEmail,
  findStaffSession,
  insertStaffSession,
  markStaffSessionVerified,
  markStaffSignedIn,
  setStaffMfa,
  touchStaffSession,
  type StaffMemberRow,
} from '../staff-members.repository.js';

const COOKIE = 'lectern_operator';
/** Console sessions are short: 15 minutes idle, 8 hours at most. */
const IDLE_MS = 15 * 60_000;
const ABSOLUTE_MS = 8 * 3_600_000;
const MFA_CONTEXT = (staffId: string) => `staff-mfa:${staffId}`;

function cookieName(request: FastifyRequest): string {
  return request.protocol === 'https' ? `__Host-${COOKIE}` : COOKIE;
}

function cookieOptions(request: FastifyRequest) {
  // Strict: the console's forms are its own; no other site's link or form carries the session along.
  return { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' } as const;
}

export function consoleSessionIdOf(request: FastifyRequest): string | undefined {
  return request.cookies[cookieName(request)];
}

export function clearConsoleCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(cookieName(request), cookieOptions(request));
}

/** Password check; a wrong e-mail costs the same time as a wrong password. Starts a session that awaits the second factor. */
export async function signInStaff(db: Db, request: FastifyRequest, reply: FastifyReply, email: string, password: string): Promise<void> {
  const staff = email.length <= 254 ? await findStaffByEmail(db.owner, email.trim()) : undefined;
  const ok = staff?.passwordHash && staff.status === 'active' ? await verifyPassword(staff.passwordHash, password) : await verifyAgainstDummy(password);
  if (!ok || !staff) throw new AppError('STAFF_SIGN_IN_FAILED');
  const sessionId = newSessionId();
  await insertStaffSession(db.owner, {
    idHash: hashSessionId(sessionId),
    staffId: staff.id,
    expiresAt: new Date(Date.now() + ABSOLUTE_MS),
    ip: request.ip,
    userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
  });
  reply.setCookie(cookieName(request), sessionId, { ...cookieOptions(request), expires: new Date(Date.now() + ABSOLUTE_MS) });
}

export interface ConsoleSession {
  idHash: string;
  staff: StaffMemberRow;
  mfaVerified: boolean;
}

/** The console session of the request, if it is live (idle and absolute limits); touches it. */
export async function consoleSessionOf(db: Db, request: FastifyRequest): Promise<ConsoleSession | undefined> {
  const id = consoleSessionIdOf(request);
  if (!id || id.length > 100) return undefined;
  const idHash = hashSessionId(id);
  const found = await findStaffSession(db.owner, idHash);
  if (!found) return undefined;
  if (Date.now() - found.lastSeenAt.getTime() > IDLE_MS) {
    await deleteStaffSession(db.owner, idHash);
    return undefined;
  }
  await touchStaffSession(db.owner, idHash);
  return { idHash, staff: found.staff, mfaVerified: found.mfaVerified };
}

/** The key to set up, for a staff member without a second factor yet (made once, kept sealed until confirmed). */
export async function enrolmentFor(db: Db, staff: StaffMemberRow): Promise<{ secret: string; otpauthUri: string; qrDataUrl: string } | null> {
  if (staff.mfaEnabledAt) return null;
  let secret = staff.mfaSecret ? secretBox().open(staff.mfaSecret, MFA_CONTEXT(staff.id)) : undefined;
  if (!secret) {
    secret = newTotpSecret();
    await setStaffMfa(db.owner, staff.id, { sealedSecret: secretBox().seal(secret, MFA_CONTEXT(staff.id)) });
  }
  return { secret, ...(await enrolmentOf(secret, { label: staff.email, issuer: 'Lectern operator console' })) };
}

/** Checks a code (each time step once); completes the enrolment when it was the first. */
export async function verifyStaffCode(db: Db, session: ConsoleSession, code: string): Promise<void> {
  const { staff } = session;
  if (!staff.mfaSecret) throw new AppError('STAFF_MFA_CODE_WRONG');
  const secret = secretBox().open(staff.mfaSecret, MFA_CONTEXT(staff.id));
  const step = matchingStep(secret, code);
  if (step === null || !(await claimStaffMfaStep(db.owner, staff.id, step))) throw new AppError('STAFF_MFA_CODE_WRONG');
  if (!staff.mfaEnabledAt) await setStaffMfa(db.owner, staff.id, { enabledAt: new Date() });
  await markStaffSessionVerified(db.owner, session.idHash);
  await markStaffSignedIn(db.owner, staff.id);
}

export async function signOutStaff(db: Db, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const id = consoleSessionIdOf(request);
  if (id && id.length <= 100) await deleteStaffSession(db.owner, hashSessionId(id));
  clearConsoleCookie(request, reply);
}
