// Request and response bodies, from the server's zod contracts (type-only: nothing of the server is bundled).
import type { z } from 'zod';
import type {
  adminUserView,
  importResult,
  invitedUserView,
  linkHandoverView,
  userListView,
  userView,
} from '../../../../src/platform/identity/identity.contract';
import type { createdApiToken, apiTokenList } from '../../../../src/platform/identity/api-tokens/api-tokens.contract';
import type { mfaSetupResponse, recoveryCodesResponse } from '../../../../src/platform/identity/mfa/mfa.contract';
import type { activeBansResponse } from '../../../../src/platform/guard/guard.contract';
import type { notificationListView, notificationView } from '../../../../src/platform/notifications/notifications.contract';
import type { createdLrsKey, lrsKeyList } from '../../../../src/lrs/keys/lrs-keys.contract';

export type {
  Role,
  SessionResponse as Session,
  SessionStatus,
  SessionSummaryView as SessionSummary,
  SessionUser,
  SignInRequest,
} from '../../../../src/platform/identity/identity.contract';
export type { PublicTenant as Tenant } from '../../../../src/platform/tenancy/tenancy.contract';
export type { PermissionsResponse } from '../../../../src/platform/access/access.contract';
export type { ChangeEmailRequest, ChangePasswordRequest } from '../../../../src/platform/identity/account.contract';
export type { PasswordResetCompleteRequest, PasswordResetRequest } from '../../../../src/platform/identity/password-reset.contract';
export type { AcceptInvitationRequest, InviteUserRequest } from '../../../../src/platform/identity/invitations.contract';
export type { RegistrationRequest } from '../../../../src/platform/identity/self-registration.contract';
export type { MfaStatus } from '../../../../src/platform/identity/mfa/mfa.contract';
export type { ApiTokenView, CreateApiTokenInput, CreateOwnApiTokenInput, TokenScope } from '../../../../src/platform/identity/api-tokens/api-tokens.contract';
export type { BanView } from '../../../../src/platform/guard/guard.contract';
export type { CreateLrsKeyInput, LrsKeyView, LrsScope } from '../../../../src/lrs/keys/lrs-keys.contract';
import type { ResolvedTenantSettings } from '../../../../src/platform/tenancy/tenant-settings';
import type { notificationSettings } from '../../../../src/learn/notifications/notifications.settings';
import type { contentSettings } from '../../../../src/learn/content/content.settings';
export type { TenantSettingsPatch } from '../../../../src/platform/tenancy/tenant-settings';
/** The settings page's sections: the platform's and Learn's. */
export type TenantSettings = ResolvedTenantSettings & { notifications: z.output<typeof notificationSettings.schema>; content: z.output<typeof contentSettings.schema> };

export type UserView = z.infer<typeof userView>;
export type NotificationView = z.infer<typeof notificationView>;
export type NotificationList = z.infer<typeof notificationListView>;
export type AdminUserView = z.infer<typeof adminUserView>;
export type InvitedUserView = z.infer<typeof invitedUserView>;
export type LinkHandover = z.infer<typeof linkHandoverView>;
export type UserList = z.infer<typeof userListView>;
export type ImportResult = z.infer<typeof importResult>;
export type MfaSetup = z.infer<typeof mfaSetupResponse>;
export type RecoveryCodes = z.infer<typeof recoveryCodesResponse>;
export type CreatedApiToken = z.infer<typeof createdApiToken>;
export type ApiTokenList = z.infer<typeof apiTokenList>;
export type ActiveBans = z.infer<typeof activeBansResponse>;
export type LrsKeyList = z.infer<typeof lrsKeyList>;
export type CreatedLrsKey = z.infer<typeof createdLrsKey>;
