/** The security events written to the audit log; the names are stable (reports and reviews match on them). */
export const AUDIT_ACTIONS = [
  'auth.sign_in.succeeded',
  'auth.sign_in.failed',
  'auth.sign_out',
  'auth.mfa.failed',
  'auth.guard.blocked',
  'auth.guard.ban_lifted',
  'session.ended',
  'session.ended_all',
  'user.created',
  'user.invited',
  'user.deactivated',
  'user.reactivated',
  'user.password_changed',
  'user.password_reset_requested',
  'user.password_reset',
  'user.email_changed',
  'user.roles_changed',
  'user.mfa_enabled',
  'user.mfa_disabled',
  'user.mfa_recovery_code_used',
  'api_token.created',
  'api_token.revoked',
  'tenant.settings_changed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
