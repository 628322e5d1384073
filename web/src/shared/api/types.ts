// Request and response bodies, from the server's zod contracts (type-only: nothing of the server is bundled).
export type { Role, SessionResponse as Session, SessionUser, SignInRequest } from '../../../../src/platform/identity/identity.contract';
export type { PublicTenant as Tenant } from '../../../../src/platform/tenancy/tenancy.contract';
