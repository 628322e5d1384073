// Response bodies of the platform endpoints the shell uses.

export type Role = 'admin' | 'manager' | 'instructor' | 'learner';

export interface Tenant {
  name: string;
  slug: string;
}

export interface SessionUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  roles: Role[];
}

export interface Session {
  user: SessionUser;
  tenant: Tenant;
}

export interface SignInRequest {
  email: string;
  password: string;
}
