import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from './mfa.contract.js';

/** Codes of the neighbouring time steps are accepted too: phones' clocks drift. */
const ACCEPTED_DRIFT_STEPS = 1;

function totpOf(secretBase32: string, label = 'Lectern', issuer = ''): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new 160-bit secret (RFC 4226's recommended length), base32 as apps expect it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export async function enrolmentOf(
  secretBase32: string,
  account: { label: string; issuer: string },
): Promise<{ otpauthUri: string; qrDataUrl: string }> {
  const otpauthUri = totpOf(secretBase32, account.label, account.issuer).toString();
  const qrDataUrl = await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
  return { otpauthUri, qrDataUrl };
}

/**
 * The time step whose code `code` is (within the accepted drift), or null. The caller still
 * has to claim the step, so that no code is accepted twice.
 */
export function matchingStep(secretBase32: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d+$/.test(token) || token.length !== TOTP_DIGITS) return null;
  const totp = totpOf(secretBase32);
  const delta = totp.validate({ token, timestamp: now, window: ACCEPTED_DRIFT_STEPS });
  return delta === null ? null : totp.counter({ timestamp: now }) + delta;
}

/** The code an app shows at `timestamp` (tests and tools; never sent to clients). */
export function codeAt(secretBase32: string, timestamp: number): string {
  return totpOf(secretBase32).generate({ timestamp });
}
