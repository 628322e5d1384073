import type { TokenScope } from './platform/identity/api-tokens/api-tokens.contract.js';
import type { Role } from './platform/identity/identity.schema.js';

/**
 * Why platform staff under a grant (src/platform/access/staff/) may not call a route that the
 * site's administrators may:
 * - `lasting`: the route hands out what would outlast the grant — a key, an API token, an account,
 *   an invitation, password reset or share link, administrator rights, a content credential
 *   (STAFF_NO_LASTING_ACCESS; one's own tokens STAFF_NOT_A_USER). Every such route must say so.
 * - `siteDecides`: the site's own oversight of its people and of the operator (STAFF_SITE_DECIDES).
 * - `notAUser`: one's own account; a staff session is nobody's (STAFF_NOT_A_USER).
 */
export type StaffRefusal = 'lasting' | 'siteDecides' | 'notAUser';
/**
 * What staff under a grant get on a route that changes something and that the site's
 * administrators may call: a refusal, or `asAdmin` — they may do it as the administrators do, for
 * it hands out nothing that outlasts the grant. Every such route says which (the sweep fails on one
 * that does not), so a new route that mints a key or a link cannot reach staff unnoticed.
 */
export type StaffDecision = StaffRefusal | 'asAdmin';

/** The error codes each kind of staff refusal answers with (the sweep checks the refusal is for that reason). */
export const STAFF_REFUSAL_CODES: Record<StaffRefusal, readonly string[]> = {
  lasting: ['STAFF_NO_LASTING_ACCESS', 'STAFF_NOT_A_USER'],
  siteDecides: ['STAFF_SITE_DECIDES'],
  notAUser: ['STAFF_NOT_A_USER'],
};

/**
 * Who may call each route of the API, as the authorization sweep (authorization-sweep.test.ts)
 * checks it. `public`: anybody, signed in or not (the route itself checks what it is given: a
 * password, a one-time link). `signedIn`: any signed-in user of the site, no API token.
 * `roles`: signed-in users with one of the roles, and (`tokens`) API tokens with one of those
 * scopes whose owner has one of the roles ('any': every token of such an owner). A new route
 * fails the sweep until it has an entry here.
 *
 * Staff under an `admin` grant get what the site's administrators get, unless `staff` says why
 * not; under a read-only grant, only that of it which reads (GET), and what `readOnlyStaff` opens
 * to it too. Every route that changes something and that administrators may call says what staff
 * get (`staffActs`, or `notForStaff` with the reason). A route that hands out anything outlasting a grant is marked `staff: 'lasting'` (the
 * sweep then checks every grant is refused it, for that reason).
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signedIn'; staff?: StaffDecision; readOnlyStaff?: true }
  | { kind: 'roles'; roles: Role[]; tokens?: TokenScope[] | 'any'; staff?: StaffDecision; readOnlyStaff?: true };

const PUBLIC: Access = { kind: 'public' };
const SIGNED_IN: Access = { kind: 'signedIn' };
const roles = (list: Role[], tokens?: TokenScope[] | 'any'): Access => ({ kind: 'roles', roles: list, ...(tokens ? { tokens } : {}) });
/** `access`, refused to platform staff under any grant for the reason given. */
const notForStaff = (access: Access, why: StaffRefusal): Access => {
  if (access.kind === 'public') throw new Error('a public route is open to staff as to anybody');
  return { ...access, staff: why };
};
/** `access`, which staff under an admin grant may use as the site's administrators do (it hands out nothing that outlasts the grant). */
const staffActs = (access: Access): Access => {
  if (access.kind === 'public') throw new Error('a public route is open to staff as to anybody');
  return { ...access, staff: 'asAdmin' };
};
const ADMIN = roles(['admin']);
const EVERY_ROLE: Role[] = ['learner', 'instructor', 'manager', 'admin'];
const PUBLISHERS = roles(['admin', 'instructor'], ['content:publish']);
const COURSE_MANAGERS = roles(['admin', 'instructor']);
const COURSE_READERS = roles(['admin', 'manager', 'instructor']);
const ENROLLERS = roles(['admin', 'manager']);
const REPORT_READERS = roles(['admin', 'manager'], ['reports:read']);
// Space: members (in the sweep only the administrator is one); tokens by scope, the course player by session only.
const SPACE_MEMBERS = roles(['admin']);
const SPACE_READERS = roles(['admin'], ['space:read']);
const SPACE_WRITERS = roles(['admin'], ['space:write']);

// Market: the seller's side is the site's administrators'; buyers read their own purchases with their session.
const SELLERS = ADMIN;

export const EXPECTED_ACCESS: Record<string, Access> = {
  // Operations: probes answer anybody; /metrics and the monitor's status only the allowed addresses (the sweep calls from loopback).
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,
  'GET /metrics': PUBLIC,
  'GET /api/operator/monitor': PUBLIC,

  // The site and signing in.
  'GET /api/tenant': PUBLIC,
  'GET /api/branding': PUBLIC,
  'GET /api/branding/logo': PUBLIC,
  'POST /api/auth/sign-in': PUBLIC,
  'POST /api/auth/sign-out': PUBLIC,
  'GET /api/auth/session': SIGNED_IN,
  'GET /api/auth/session/status': SIGNED_IN,
  // Keeping one's session alive changes nothing of the site: read-only support may too.
  'POST /api/auth/session/keep-alive': staffActs({ ...SIGNED_IN, readOnlyStaff: true }),
  'POST /api/auth/password-reset/request': PUBLIC,
  'POST /api/auth/register': PUBLIC,
  'POST /api/auth/password-reset/complete': PUBLIC,
  'POST /api/auth/invitation/accept': PUBLIC,
  'POST /api/auth/email-change/confirm': PUBLIC,
  'GET /api/tenant/password-policy': PUBLIC,
  'POST /api/tenant/password-policy/check': PUBLIC,

  // One's own account.
  // A staff session is nobody's account: of `/api/me/` it reads only the permissions; `/api/me` shows who is signed in (the staff member, for the web app).
  'GET /api/me': roles(EVERY_ROLE, 'any'),
  'GET /api/me/permissions': roles(EVERY_ROLE, 'any'),
  'POST /api/me/password': notForStaff(SIGNED_IN, 'notAUser'),
  'GET /api/me/privacy/export': notForStaff(SIGNED_IN, 'notAUser'),
  'GET /api/me/privacy/requests': notForStaff(SIGNED_IN, 'notAUser'),
  'POST /api/me/privacy/erasure-request': notForStaff(SIGNED_IN, 'notAUser'),
  'GET /api/admin/privacy/requests': notForStaff(ADMIN, 'siteDecides'),
  'GET /api/admin/staff-access/grants': notForStaff(ADMIN, 'siteDecides'),
  'POST /api/admin/staff-access/grants/{id}/approve': notForStaff(ADMIN, 'siteDecides'),
  'POST /api/admin/staff-access/grants/{id}/reject': notForStaff(ADMIN, 'siteDecides'),
  'POST /api/admin/staff-access/grants/{id}/revoke': notForStaff(ADMIN, 'siteDecides'),
  'GET /api/admin/staff-access/log': notForStaff(ADMIN, 'siteDecides'),
  'POST /api/admin/privacy/requests/{id}/reject': notForStaff(ADMIN, 'siteDecides'),
  'GET /api/admin/users/{id}/privacy-export': notForStaff(ADMIN, 'siteDecides'),
  'POST /api/admin/users/{id}/erase': notForStaff(ADMIN, 'siteDecides'),
  'POST /api/me/email': notForStaff(SIGNED_IN, 'notAUser'),
  // One's consent to update e-mails (src/platform/privacy/consent/).
  'GET /api/me/mail-consent': notForStaff(SIGNED_IN, 'notAUser'),
  'POST /api/me/mail-consent': notForStaff(SIGNED_IN, 'notAUser'),
  'DELETE /api/me/mail-consent': notForStaff(SIGNED_IN, 'notAUser'),
  'GET /api/admin/update-mails': notForStaff(ADMIN, 'siteDecides'),
  'POST /api/admin/update-mails': notForStaff(ADMIN, 'siteDecides'),
  'GET /api/me/mfa': notForStaff(SIGNED_IN, 'notAUser'),
  'POST /api/me/mfa/setup': notForStaff(SIGNED_IN, 'notAUser'),
  'POST /api/me/mfa/enable': notForStaff(SIGNED_IN, 'notAUser'),
  'POST /api/me/mfa/disable': notForStaff(SIGNED_IN, 'notAUser'),
  'POST /api/me/mfa/recovery-codes': notForStaff(SIGNED_IN, 'notAUser'),
  'POST /api/me/tokens': notForStaff(SIGNED_IN, 'lasting'),
  'GET /api/me/tokens': notForStaff(SIGNED_IN, 'notAUser'),
  'DELETE /api/me/tokens/{id}': notForStaff(SIGNED_IN, 'notAUser'),
  'GET /api/me/sessions': notForStaff(SIGNED_IN, 'notAUser'),
  // One's own in-app notifications (the bell).
  'GET /api/notifications': SIGNED_IN,
  'GET /api/notifications/unread-count': SIGNED_IN,
  'POST /api/notifications/{id}/read': staffActs(SIGNED_IN),
  'POST /api/notifications/read-all': staffActs(SIGNED_IN),
  'DELETE /api/me/sessions/{sessionId}': notForStaff(SIGNED_IN, 'notAUser'),
  'POST /api/me/sessions/end-others': notForStaff(SIGNED_IN, 'notAUser'),
  // Anyone may read their own record (the sweep asks for someone else's); directory tools with users:read.
  'GET /api/users/{id}': roles(['admin', 'manager'], ['users:read']),

  // Administration of the site.
  'GET /api/admin/users': roles(['admin', 'manager'], ['users:read']),
  'POST /api/admin/users': notForStaff(ADMIN, 'lasting'),
  'POST /api/admin/users/import': notForStaff(ADMIN, 'lasting'),
  'POST /api/admin/users/{id}/deactivate': staffActs(ADMIN),
  'POST /api/admin/users/{id}/invitation': notForStaff(ADMIN, 'lasting'),
  'POST /api/admin/users/{id}/password-reset': notForStaff(ADMIN, 'lasting'),
  'POST /api/admin/users/{id}/reactivate': staffActs(ADMIN),
  // Under a grant the administrator role is refused (STAFF_NO_LASTING_ACCESS), other roles not: the body decides (staff-lasting-access.test.ts).
  'PUT /api/admin/users/{id}/roles': staffActs(ADMIN),
  'POST /api/admin/sessions/end-all': staffActs(ADMIN),
  'GET /api/admin/users/{id}/sessions': ADMIN,
  'DELETE /api/admin/users/{id}/sessions': staffActs(ADMIN),
  'DELETE /api/admin/users/{id}/sessions/{sessionId}': staffActs(ADMIN),
  'GET /api/admin/tokens': ADMIN,
  'DELETE /api/admin/tokens/{id}': staffActs(ADMIN),
  // Who holds which privileges, and the access reviews of them (src/platform/access/reviews/).
  'GET /api/admin/access/privileges': notForStaff(ADMIN, 'siteDecides'),
  'GET /api/admin/access/privileges/export': notForStaff(ADMIN, 'siteDecides'),
  'GET /api/admin/access/reviews': notForStaff(ADMIN, 'siteDecides'),
  'POST /api/admin/access/reviews': notForStaff(ADMIN, 'siteDecides'),
  'GET /api/admin/access/reviews/{id}': notForStaff(ADMIN, 'siteDecides'),
  'POST /api/admin/access/reviews/{id}/items/{itemId}/decision': notForStaff(ADMIN, 'siteDecides'),
  // The LRS's keys: administrators only, never with a token (a token cannot mint credentials).
  // Space: every signed-in user reaches the routes, and then Space membership decides (SPACE_NOT_MEMBER): site administrators
  // are Space owners; other users are members only as data (the members' own tests, src/space/), so here only admins pass.
  'GET /api/space/workspace': SPACE_READERS,
  'PUT /api/space/members': staffActs(SPACE_WRITERS),
  'DELETE /api/space/members/{userId}': staffActs(SPACE_WRITERS),
  'GET /api/space/items': SPACE_READERS,
  'POST /api/space/folders': staffActs(SPACE_WRITERS),
  'GET /api/space/items/{id}': SPACE_READERS,
  'GET /api/space/items/{id}/rendition': SPACE_READERS,
  'GET /api/space/items/{id}/thumbnail': SPACE_READERS,
  // The player's content credential is bound to a session of the site's people; a staff session is none (it would outlast the grant).
  'POST /api/space/items/{id}/player': notForStaff(SPACE_MEMBERS, 'lasting'),
  'POST /api/space/items/{id}/attachments': staffActs(SPACE_WRITERS),
  'PUT /api/space/items/{id}/thumbnail': staffActs(SPACE_WRITERS),
  'GET /api/space/attachments/{id}': SPACE_READERS,
  'PATCH /api/space/items/{id}': staffActs(SPACE_WRITERS),
  'POST /api/space/items/{id}/move': staffActs(SPACE_WRITERS),
  'POST /api/space/items/{id}/copy': staffActs(SPACE_WRITERS),
  'DELETE /api/space/items/{id}': staffActs(SPACE_WRITERS),
  'POST /api/space/items/{id}/restore': staffActs(SPACE_WRITERS),
  'GET /api/space/trash': SPACE_READERS,
  'DELETE /api/space/trash/{id}': staffActs(SPACE_WRITERS),
  'GET /api/space/items/{id}/versions': SPACE_READERS,
  'POST /api/space/items/{id}/versions/{number}/restore': staffActs(SPACE_WRITERS),
  'GET /api/space/items/{id}/access': SPACE_READERS,
  'PUT /api/space/items/{id}/access': staffActs(SPACE_WRITERS),
  'GET /api/space/items/{id}/content': SPACE_READERS,
  'POST /api/space/uploads': staffActs(SPACE_WRITERS),
  'GET /api/space/uploads/{id}': SPACE_READERS,
  'POST /api/space/uploads/{id}/complete': staffActs(SPACE_WRITERS),
  'DELETE /api/space/uploads/{id}': staffActs(SPACE_WRITERS),
  'PUT /api/space/uploads/{id}': staffActs(SPACE_WRITERS),
  'POST /api/space/items/{id}/publish': staffActs(SPACE_WRITERS),
  'GET /api/space/items/{id}/publications': SPACE_READERS,
  'POST /api/space/items/{id}/shares': notForStaff(SPACE_WRITERS, 'lasting'),
  'GET /api/space/items/{id}/shares': SPACE_READERS,
  'PUT /api/space/shares/{id}/recipients': notForStaff(SPACE_WRITERS, 'lasting'),
  'DELETE /api/space/shares/{id}': staffActs(SPACE_WRITERS),
  'GET /api/space/shares/{id}/analytics': SPACE_READERS,
  'GET /api/space/shares/{id}/analytics.csv': SPACE_READERS,
  'GET /api/space/items/{id}/comments': SPACE_READERS,
  'GET /api/space/items/{id}/comments.csv': SPACE_READERS,
  'GET /api/space/items/{id}/comments.pdf': SPACE_READERS,
  'POST /api/space/items/{id}/comments': staffActs(SPACE_WRITERS),
  'POST /api/space/comments/{id}/replies': staffActs(SPACE_WRITERS),
  'POST /api/space/comments/{id}/status': staffActs(SPACE_WRITERS),
  'POST /api/space/items/{id}/review-requests': notForStaff(SPACE_WRITERS, 'lasting'),
  'GET /api/space/items/{id}/review-requests': SPACE_READERS,
  'GET /api/space/review-requests/mine': SPACE_READERS,
  'DELETE /api/space/review-requests/{id}/guests/{guestId}': staffActs(SPACE_WRITERS),
  'POST /api/space/review-requests/{id}/guests/{guestId}/resend': notForStaff(SPACE_WRITERS, 'lasting'),
  'POST /api/space/review-requests/{id}/done': staffActs(SPACE_WRITERS),
  'GET /api/lrs/keys': ADMIN,
  'POST /api/lrs/keys': notForStaff(ADMIN, 'lasting'),
  'DELETE /api/lrs/keys/{id}': staffActs(ADMIN),
  'GET /api/admin/settings': ADMIN,
  // Under a grant the site-only settings are refused (STAFF_SITE_DECIDES): the body decides (staff-access.test.ts).
  'PATCH /api/admin/settings': staffActs(ADMIN),
  'PUT /api/admin/branding/logo': staffActs(ADMIN),
  'DELETE /api/admin/branding/logo': staffActs(ADMIN),
  'GET /api/admin/security/bans': ADMIN,
  'DELETE /api/admin/security/bans/{id}': staffActs(ADMIN),
  'GET /api/admin/audit-events': ADMIN,
  'GET /api/admin/audit-events.csv': ADMIN,
  'GET /api/admin/security-timeline': ADMIN,
  'GET /api/admin/groups': roles(['admin', 'manager']),
  'POST /api/admin/groups': staffActs(ADMIN),
  'PATCH /api/admin/groups/{id}': staffActs(ADMIN),
  'DELETE /api/admin/groups/{id}': staffActs(ADMIN),
  'GET /api/admin/groups/{id}/members': roles(['admin', 'manager']),
  'POST /api/admin/groups/{id}/members': staffActs(ADMIN),
  'POST /api/admin/groups/{id}/members/remove': staffActs(ADMIN),
  'PUT /api/admin/groups/{id}/managers': staffActs(ADMIN),
  'GET /api/admin/users/{id}/groups': roles(['admin', 'manager']),
  'GET /api/admin/users/{id}': ADMIN,
  // Under a grant a new e-mail address is refused (STAFF_NO_LASTING_ACCESS), a name not: the body decides (staff-lasting-access.test.ts).
  'PATCH /api/admin/users/{id}': staffActs(ADMIN),
  'DELETE /api/admin/users/{id}': staffActs(ADMIN),
  'GET /api/admin/users/export': ADMIN,
  'POST /api/admin/users/password-reset': notForStaff(ADMIN, 'lasting'),
  'POST /api/admin/users/status': staffActs(ADMIN),

  // Learn: courses and packages.
  'GET /api/learn/courses': COURSE_READERS,
  'POST /api/learn/courses': staffActs(COURSE_MANAGERS),
  'GET /api/learn/courses/{id}': COURSE_READERS,
  'PATCH /api/learn/courses/{id}': staffActs(COURSE_MANAGERS),
  'POST /api/learn/courses/{id}/status': staffActs(COURSE_MANAGERS),
  'DELETE /api/learn/courses/{id}': staffActs(COURSE_MANAGERS),
  'POST /api/learn/courses/{id}/copy': staffActs(COURSE_MANAGERS),
  'GET /api/learn/courses/{id}/versions': COURSE_READERS,
  'GET /api/learn/categories': COURSE_READERS,
  'POST /api/learn/categories': staffActs(COURSE_MANAGERS),
  'PATCH /api/learn/categories/{id}': staffActs(COURSE_MANAGERS),
  'DELETE /api/learn/categories/{id}': staffActs(COURSE_MANAGERS),
  'PUT /api/learn/courses/{id}/cover': staffActs(COURSE_MANAGERS),
  'DELETE /api/learn/courses/{id}/cover': staffActs(COURSE_MANAGERS),
  'GET /api/learn/courses/{id}/cover': SIGNED_IN,
  'POST /api/learn/courses/{id}/packages': staffActs(PUBLISHERS),
  'POST /api/learn/packages': staffActs(PUBLISHERS),
  'POST /api/learn/package-uploads': staffActs(PUBLISHERS),
  'GET /api/learn/package-uploads/{id}': PUBLISHERS,
  'PUT /api/learn/package-uploads/{id}': staffActs(PUBLISHERS),
  'DELETE /api/learn/package-uploads/{id}': staffActs(PUBLISHERS),
  'POST /api/learn/package-uploads/{id}/complete': staffActs(PUBLISHERS),

  // Learn: the player (its content and commits are on the content origin, swept separately).
  'POST /api/learn/enrolments/{enrolmentId}/launch': staffActs(SIGNED_IN),
  // Its content credential is bound to a session of the site's people; a staff session is none (it would outlast the grant).
  'POST /api/learn/versions/{versionId}/preview': notForStaff(COURSE_MANAGERS, 'lasting'),
  'POST /api/learn/enrolments/{enrolmentId}/reset': staffActs(ENROLLERS),
  'POST /api/learn/enrolments/{enrolmentId}/cmi5/waive': staffActs(ENROLLERS),
  'POST /api/learn/enrolments/{enrolmentId}/cmi5/abandon': staffActs(ENROLLERS),

  // Learn: enrolments.
  'GET /api/learn/courses/{courseId}/enrolments': COURSE_READERS,
  'POST /api/learn/courses/{courseId}/enrolments': staffActs(ENROLLERS),
  'PATCH /api/learn/enrolments/{enrolmentId}': staffActs(ENROLLERS),
  'DELETE /api/learn/enrolments/{enrolmentId}': staffActs(ENROLLERS),
  'POST /api/learn/courses/{courseId}/group-enrolments': staffActs(ENROLLERS),
  'PATCH /api/learn/group-enrolments/{groupEnrolmentId}': staffActs(ENROLLERS),
  'DELETE /api/learn/group-enrolments/{groupEnrolmentId}': staffActs(ENROLLERS),
  'GET /api/learn/me/enrolments': SIGNED_IN,
  'GET /api/learn/catalogue': SIGNED_IN,
  'POST /api/learn/courses/{courseId}/self-enrol': staffActs(SIGNED_IN),

  // Learn: reports (also for reporting tools with a token).
  'GET /api/learn/reports/courses': REPORT_READERS,
  'GET /api/learn/reports/courses/{courseId}': REPORT_READERS,
  'GET /api/learn/reports/courses/{courseId}/export': REPORT_READERS,
  'GET /api/learn/reports/enrolments/{enrolmentId}/attempts': REPORT_READERS,
  'GET /api/learn/reports/attempts/{attemptId}/statements': REPORT_READERS,
  'GET /api/learn/reports/learners/{userId}': REPORT_READERS,
  'GET /api/learn/reports/learners/{userId}/export': REPORT_READERS,
  'GET /api/learn/reports/overdue': REPORT_READERS,
  'GET /api/learn/reports/overview': REPORT_READERS,
  'GET /api/learn/team': ENROLLERS,
  'POST /api/learn/team/reminders': staffActs(ENROLLERS),
  'GET /api/learn/reports/overdue/export': REPORT_READERS,

  // Learn: certificates (the template with the course; the learner's own; public verification by code).
  'GET /api/learn/courses/{courseId}/certificate-settings': COURSE_MANAGERS,
  'PUT /api/learn/courses/{courseId}/certificate-settings': staffActs(COURSE_MANAGERS),
  'GET /api/learn/courses/{courseId}/certificate-preview': COURSE_MANAGERS,
  'GET /api/learn/courses/{courseId}/certificates': COURSE_READERS,
  'POST /api/learn/certificates/{certificateId}/revoke': staffActs(ADMIN),
  'GET /api/learn/me/certificates': SIGNED_IN,
  'POST /api/learn/me/enrolments/{enrolmentId}/certificate': staffActs(SIGNED_IN),
  'GET /api/learn/me/certificates/{certificateId}/pdf': SIGNED_IN,
  'GET /api/learn/certificates/verify/{code}': PUBLIC,

  // Learn: learning paths (built like courses, filled like enrolments, each learner's own).
  'GET /api/learn/paths': COURSE_READERS,
  'POST /api/learn/paths': staffActs(COURSE_MANAGERS),
  'GET /api/learn/paths/{pathId}': COURSE_READERS,
  'PUT /api/learn/paths/{pathId}': staffActs(COURSE_MANAGERS),
  'DELETE /api/learn/paths/{pathId}': staffActs(COURSE_MANAGERS),
  'GET /api/learn/paths/{pathId}/enrolments': COURSE_READERS,
  'POST /api/learn/paths/{pathId}/enrolments': staffActs(ENROLLERS),
  'DELETE /api/learn/path-enrolments/{pathEnrolmentId}': staffActs(ENROLLERS),
  'POST /api/learn/paths/{pathId}/groups': staffActs(ENROLLERS),
  'DELETE /api/learn/path-groups/{pathGroupId}': staffActs(ENROLLERS),
  'GET /api/learn/me/paths': SIGNED_IN,
  'GET /api/learn/paths/{pathId}/certificates': COURSE_READERS,

  // Market: issued invoices (the seller's per order; the buyer's own, which the service checks).
  'GET /api/market/orders/{id}/invoices': ADMIN,
  'GET /api/market/my/invoices': SIGNED_IN,
  'GET /api/market/invoices/{id}/pdf': SIGNED_IN,

  // The store (src/market/): the seller's products, payment account, orders and refunds; the buyer's checkout, Stripe's webhook, "My purchases".
  'GET /api/market/products': SELLERS,
  'POST /api/market/products': staffActs(SELLERS),
  'GET /api/market/products/{id}': SELLERS,
  'PUT /api/market/products/{id}': staffActs(SELLERS),
  'GET /api/market/payment-accounts': SELLERS,
  'PUT /api/market/payment-accounts/stripe': notForStaff(SELLERS, 'siteDecides'),
  'DELETE /api/market/payment-accounts/stripe': notForStaff(SELLERS, 'siteDecides'),
  'POST /api/market/checkout': PUBLIC,
  'POST /api/market/webhooks/stripe': PUBLIC,
  'GET /api/market/orders': SELLERS,
  'GET /api/market/orders/{id}': SELLERS,
  'POST /api/market/orders/{id}/refunds': staffActs(SELLERS),
  'POST /api/market/orders/{id}/transfer-received': staffActs(SELLERS),
  'GET /api/market/my/orders': SIGNED_IN,
  'GET /api/market/my/seat-packs': SIGNED_IN,
  'POST /api/market/my/seat-packs/{orderLineId}/seats': staffActs(SIGNED_IN),
  'DELETE /api/market/my/seat-packs/{orderLineId}/seats/{userId}': staffActs(SIGNED_IN),
  'GET /api/market/coupons': SELLERS,
  'POST /api/market/coupons': notForStaff(SELLERS, 'lasting'),
  'PUT /api/market/coupons/{id}': notForStaff(SELLERS, 'lasting'),
  // The seller's sales reports.
  'GET /api/market/reports/sales': SELLERS,
  'GET /api/market/reports/sales.csv': SELLERS,
};
