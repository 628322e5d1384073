/**
 * Every column of every table, classified: personal data (with why it is kept, for how long, what
 * erasing a person does to it and who sees it) or not. personal-data.test.ts compares this list
 * with the migrated database and docs/privacy.md, so a new column cannot go unclassified and the
 * document cannot drift from it.
 */

/** What erasing a person (privacy erasure) does to a personal column. */
export type ErasureAction =
  /** The value or its row is deleted. */
  | 'delete'
  /** The value is replaced by one that names nobody. */
  | 'anonymise'
  /** Kept: it only points at the anonymised account, so counts and reports stay right. */
  | 'keep_pseudonymous'
  /** Kept for the period the law requires (tax records, security log), then deleted. */
  | 'keep_legal'
  /** Not about a site's users (the operator's own staff, guest reviewers, buyers without an account): handled outside a user's erasure. */
  | 'not_applicable';

export interface PersonalColumn {
  category: 'personal';
  purpose: string;
  retention: string;
  erasure: ErasureAction;
  seenBy: string;
}

export interface NotPersonalColumn {
  category: 'not_personal';
}

export type ColumnClass = PersonalColumn | NotPersonalColumn;

interface TableEntry {
  purpose: string;
  retention: string;
  seenBy: string;
  /** Per column: 'no' (not personal), an erasure action (personal, with the table's purpose), or a column of its own. */
  columns: Record<string, 'no' | ErasureAction | Partial<Omit<PersonalColumn, 'category'>> & { erasure: ErasureAction }>;
}

const ACCOUNT = 'as long as the account exists';
const ADMINS = 'the person, the site administrators';
const LEARNING = 'as long as the site keeps the course (learning records), pseudonymous after erasure';
const TAX = '10 years after the end of the calendar year (German tax law, § 147 AO, § 14b UStG)';
const AUDIT = "the site's audit retention (default: kept), never altered";

const TABLES: Record<string, TableEntry> = {
  tenants: { purpose: 'the site', retention: 'as long as the site exists', seenBy: 'administrators', columns: { id: 'no', slug: 'no', name: 'no', status: 'no', settings: 'no', created_at: 'no' } },
  tenant_hosts: { purpose: 'the site', retention: '', seenBy: '', columns: { hostname: 'no', tenant_id: 'no', is_primary: 'no' } },
  users: {
    purpose: 'the account: signing in, addressing the person, naming them in reports',
    retention: ACCOUNT,
    seenBy: ADMINS + ', managers of their groups, course owners in reports',
    columns: {
      id: 'no',
      tenant_id: 'no',
      email: { erasure: 'anonymise', purpose: 'signing in, service e-mails' },
      first_name: 'anonymise',
      last_name: 'anonymise',
      password_hash: { erasure: 'delete', purpose: 'signing in (argon2id hash only)', seenBy: 'nobody' },
      roles: 'no',
      status: 'no',
      language: { erasure: 'delete', purpose: 'language of e-mails' },
      created_at: 'no',
      password_changed_at: { erasure: 'delete', purpose: 'password policy' },
      password_change_required: 'no',
      mfa_secret: { erasure: 'delete', purpose: 'second factor', seenBy: 'nobody' },
      mfa_enabled_at: { erasure: 'delete', purpose: 'second factor' },
      mfa_last_step: { erasure: 'delete', purpose: 'second factor (no code used twice)', seenBy: 'nobody' },
    },
  },
  sessions: {
    purpose: 'keeping a person signed in, showing them their sessions',
    retention: 'until sign-out, idle or absolute timeout',
    seenBy: 'the person',
    columns: { id_hash: 'no', tenant_id: 'no', user_id: 'delete', created_at: 'no', last_seen_at: 'delete', expires_at: 'no', ip: 'delete', user_agent: 'delete' },
  },
  user_tokens: {
    purpose: 'e-mailed links (invitation, password reset, e-mail change)',
    retention: 'until used or expired (at most 7 days)',
    seenBy: 'nobody',
    columns: { token_hash: 'no', tenant_id: 'no', user_id: 'delete', purpose: 'no', new_email: 'delete', created_at: 'no', expires_at: 'no', used_at: 'no' },
  },
  mfa_recovery_codes: { purpose: 'second factor recovery', retention: ACCOUNT, seenBy: 'nobody', columns: { code_hash: 'no', tenant_id: 'no', user_id: 'delete', created_at: 'no', used_at: 'no' } },
  api_tokens: {
    purpose: 'API access of authoring tools and apps',
    retention: 'until revoked, expired or the account is erased',
    seenBy: ADMINS,
    columns: { id: 'no', tenant_id: 'no', user_id: 'delete', name: 'delete', prefix: 'no', token_hash: 'no', scopes: 'no', created_at: 'no', expires_at: 'no', last_used_at: 'delete', last_used_ip: 'delete', revoked_at: 'no' },
  },
  audit_events: {
    purpose: 'security and accountability: who changed what (GDPR Art. 32, legitimate interest)',
    retention: AUDIT,
    seenBy: 'site administrators (audit log), the operator when verifying the chain',
    columns: {
      id: 'no', tenant_id: 'no', occurred_at: 'no', action: 'no',
      actor_user_id: 'keep_legal', actor_ip: 'keep_legal', user_agent: 'keep_legal', request_id: 'no', target_type: 'no', target_id: 'keep_legal', details: 'keep_legal',
      actor_staff_id: 'keep_legal', staff_grant_id: 'no', chain_seq: 'no', prev_hash: 'no', hash: 'no',
    },
  },
  audit_chain_heads: { purpose: '', retention: '', seenBy: '', columns: { tenant_id: 'no', seq: 'no', hash: 'no', pruned_through_seq: 'no', pruned_through_hash: 'no' } },
  audit_anchors: { purpose: '', retention: '', seenBy: '', columns: { id: 'no', tenant_id: 'no', seq: 'no', hash: 'no', anchored_at: 'no', storage_key: 'no' } },
  auth_failures: {
    purpose: 'intrusion prevention (failed sign-ins per account and address)',
    retention: 'the largest counting window of the guard policy (minutes to hours)',
    seenBy: 'site administrators (security timeline)',
    columns: { id: 'no', tenant_id: 'no', ip: 'delete', account: 'delete', endpoint: 'no', occurred_at: 'no' },
  },
  guard_bans: {
    purpose: 'intrusion prevention (blocked addresses and accounts)',
    retention: '24 hours after the ban ends',
    seenBy: 'site administrators',
    columns: { id: 'no', tenant_id: 'no', scope: 'no', ip: 'delete', account: 'delete', reason: 'no', level: 'no', created_at: 'no', until: 'no', lifted_at: 'no', lifted_by: 'delete' },
  },
  rate_limit_counters: { purpose: 'rate limits (key is a digest of address or account)', retention: 'one window', seenBy: 'nobody', columns: { key: { erasure: 'not_applicable' }, window_start: 'no', count: 'no' } },
  jobs: {
    purpose: 'background work (e-mails to send, events to deliver)',
    retention: 'done: 7 days, failed: 30 days',
    seenBy: 'the operator',
    columns: { id: 'no', tenant_id: 'no', kind: 'no', payload: { erasure: 'delete', purpose: 'e-mail recipients (address, and the account a mail is for) and event data in flight; gone after 7 days (30 if failed); mails to an erased person’s address or naming their account, and their account jobs that would send one, are deleted at erasure; unsent ones of a deleted account too' }, run_at: 'no', attempts: 'no', max_attempts: 'no', locked_until: 'no', last_error: 'no', done_at: 'no', failed_at: 'no', created_at: 'no' },
  },
  event_handlings: { purpose: '', retention: '', seenBy: '', columns: { event_id: 'no', handler: 'no', tenant_id: 'no', handled_at: 'no' } },
  groups: { purpose: '', retention: '', seenBy: '', columns: { id: 'no', tenant_id: 'no', name: 'no', parent_id: 'no', created_at: 'no' } },
  group_members: { purpose: 'group membership (enrolments, reports)', retention: ACCOUNT, seenBy: ADMINS + ', group managers', columns: { tenant_id: 'no', group_id: 'no', user_id: 'delete', added_at: 'no' } },
  group_managers: { purpose: 'who manages a group', retention: ACCOUNT, seenBy: ADMINS, columns: { tenant_id: 'no', group_id: 'no', user_id: 'delete', added_at: 'no' } },
  storage_blobs: { purpose: '', retention: '', seenBy: '', columns: { tenant_id: 'no', hash: 'no', size: 'no', stored_size: 'no', created_at: 'no' } },
  storage_location_stats: { purpose: '', retention: '', seenBy: '', columns: { location: 'no', healthy: 'no', objects: 'no', bytes: 'no', last_error: 'no', checked_at: 'no' } },
  storage_tenant_keys: { purpose: '', retention: '', seenBy: '', columns: { tenant_id: 'no', sealed_key: 'no', created_at: 'no' } },
  in_app_notifications: {
    purpose: 'notices in the app (due dates, completions, mentions)',
    retention: '180 days',
    seenBy: 'the person',
    columns: { id: 'no', tenant_id: 'no', user_id: 'delete', kind: 'no', params: { erasure: 'delete', purpose: "what a notice names (a course, a date, a person with their id); in other people's notices an erased person's name becomes the deleted person's" }, link: 'no', created_at: 'no', read_at: 'delete' },
  },
  monitor_alerts: { purpose: '', retention: '', seenBy: '', columns: { alert_key: 'no', rule: 'no', component: 'no', state: 'no', severity: 'no', value: 'no', summary: 'no', active_since: 'no', firing_since: 'no', notified_severity: 'no', notified_at: 'no', updated_at: 'no' } },
  monitor_components: { purpose: '', retention: '', seenBy: '', columns: { component: 'no', status: 'no', values: 'no', message: 'no', memo: 'no', checked_at: 'no' } },
  monitor_history: { purpose: '', retention: '', seenBy: '', columns: { id: 'no', at: 'no', alert_key: 'no', rule: 'no', component: 'no', event: 'no', severity: 'no', summary: 'no', details: 'no' } },
  monitor_silences: { purpose: 'who silenced an alert (operator staff)', retention: 'as long as the silence is listed', seenBy: 'the operator', columns: { id: 'no', rule: 'no', component: 'no', starts_at: 'no', ends_at: 'no', comment: 'no', created_by: 'not_applicable' } },
  staff_members: {
    purpose: "the operator's staff accounts (not a site's users)",
    retention: 'as long as the staff account exists',
    seenBy: 'the operator',
    columns: { id: 'no', email: 'not_applicable', name: 'not_applicable', password_hash: 'not_applicable', mfa_secret: 'not_applicable', mfa_enabled_at: 'no', mfa_last_step: 'no', status: 'no', created_at: 'no', deactivated_at: 'no', last_sign_in_at: 'not_applicable' },
  },
  staff_sessions: { purpose: 'staff sign-in', retention: 'until sign-out or timeout', seenBy: 'the operator', columns: { id_hash: 'no', staff_id: 'not_applicable', mfa_verified_at: 'no', created_at: 'no', last_seen_at: 'no', expires_at: 'no', ip: 'not_applicable', user_agent: 'not_applicable' } },
  staff_tenant_sessions: { purpose: 'staff access to a site under a grant', retention: 'until 30 days after the grant ends (a request with an ended session is then still refused and audited)', seenBy: 'the operator, the site administrators (access transparency)', columns: { id_hash: 'no', tenant_id: 'no', grant_id: 'no', staff_id: 'not_applicable', created_at: 'no', last_seen_at: 'no', expires_at: 'no', ended_at: 'no', ip: 'not_applicable', user_agent: 'not_applicable' } },
  staff_grants: {
    purpose: 'just-in-time staff access to a site',
    retention: 'as long as the site exists (access transparency)',
    seenBy: 'the operator, the site administrators',
    columns: { id: 'no', tenant_id: 'no', staff_id: 'not_applicable', scope: 'no', reason: 'no', ticket: 'no', duration_minutes: 'no', status: 'no', requested_at: 'no', starts_at: 'no', expires_at: 'no', decided_by_user_id: 'keep_pseudonymous', decided_at: 'no', revoked_at: 'no', revoked_by: 'keep_pseudonymous', last_used_at: 'no' },
  },
  access_reviews: { purpose: 'access reviews', retention: 'as long as the site keeps its reviews', seenBy: 'site administrators', columns: { id: 'no', tenant_id: 'no', started_by_user_id: 'keep_pseudonymous', started_at: 'no', due_at: 'no', unused_days: 'no', completed_at: 'no', last_reminder_at: 'no' } },
  access_review_items: {
    purpose: 'access reviews: who held which privilege and the decision',
    retention: 'as long as the site keeps its reviews',
    seenBy: 'site administrators',
    columns: { id: 'no', tenant_id: 'no', review_id: 'no', kind: 'no', subject_id: 'keep_pseudonymous', holder: 'anonymise', privilege: 'no', last_used_at: 'no', decision: 'no', decided_by_user_id: 'keep_pseudonymous', decided_at: 'no' },
  },
  privacy_requests: {
    purpose: 'proof that exports and erasures were asked for and carried out (GDPR Art. 5(2), 12)',
    retention: '3 years after the request (limitation period)',
    seenBy: ADMINS,
    columns: { id: 'no', tenant_id: 'no', subject_user_id: 'keep_pseudonymous', kind: 'no', status: 'no', requested_by_user_id: 'keep_pseudonymous', requested_at: 'no', handled_by_user_id: 'keep_pseudonymous', handled_at: 'no' },
  },
  mail_consents: {
    purpose: 'proof of consent to update e-mails (GDPR Art. 7(1))',
    retention: ACCOUNT + '; withdrawn consents 3 years',
    seenBy: ADMINS,
    columns: { id: 'no', tenant_id: 'no', user_id: 'delete', topic: 'no', status: 'delete', email: { erasure: 'delete', purpose: 'the address that confirmed the consent: update e-mails go only to it' }, consent_text: 'delete', requested_at: 'delete', request_ip: 'delete', confirmation_token_hash: 'delete', confirmed_at: 'delete', confirm_ip: 'delete', withdrawn_at: 'delete', withdrawn_via: 'delete' },
  },
  update_mailings: { purpose: 'who sent an update e-mail', retention: 'as long as the site keeps the mailing', seenBy: 'site administrators', columns: { id: 'no', tenant_id: 'no', subject: 'no', body: 'no', sent_by_user_id: 'keep_pseudonymous', created_at: 'no', recipient_count: 'no', delivered_through_user_id: 'keep_pseudonymous', delivered_count: 'no', delivered_at: 'no' } },
  // Learn
  course_categories: { purpose: '', retention: '', seenBy: '', columns: { id: 'no', tenant_id: 'no', name: 'no', created_at: 'no' } },
  courses: { purpose: 'who created a course', retention: 'as long as the course exists', seenBy: 'site administrators, course managers', columns: { id: 'no', tenant_id: 'no', title: 'no', description: 'no', category_id: 'no', language: 'no', tags: 'no', status: 'no', self_enrolment: 'no', cover_key: 'no', created_by: 'keep_pseudonymous', created_at: 'no', updated_at: 'no' } },
  course_items: { purpose: '', retention: '', seenBy: '', columns: { id: 'no', tenant_id: 'no', course_id: 'no', position: 'no', kind: 'no', title: 'no', current_version_id: 'no', created_at: 'no' } },
  content_versions: { purpose: 'who uploaded a package', retention: 'as long as the version exists', seenBy: 'course managers', columns: { id: 'no', tenant_id: 'no', item_id: 'no', course_id: 'no', version: 'no', kind: 'no', scorm_version: 'no', title: 'no', manifest: 'no', warnings: 'no', storage_key: 'no', size_bytes: 'no', file_count: 'no', uploaded_by: 'keep_pseudonymous', source_label: 'no', source_ref: 'no', preview_of: 'no', created_at: 'no' } },
  content_files: { purpose: '', retention: '', seenBy: '', columns: { tenant_id: 'no', version_id: 'no', path: 'no', blob_hash: 'no', size: 'no' } },
  package_uploads: { purpose: 'an upload in progress', retention: 'until finished or expired (hours)', seenBy: 'the person', columns: { id: 'no', tenant_id: 'no', course_id: 'no', user_id: 'keep_pseudonymous', file_name: 'no', total_bytes: 'no', received_bytes: 'no', status: 'no', version_id: 'no', created_at: 'no', expires_at: 'no' } },
  package_upload_chunks: { purpose: '', retention: '', seenBy: '', columns: { tenant_id: 'no', upload_id: 'no', first_byte: 'no', size: 'no', blob_hash: 'no' } },
  enrolments: {
    purpose: 'learning records: who takes which course, progress, completion (the site’s training obligations)',
    retention: LEARNING,
    seenBy: ADMINS + ', group managers, course reports',
    columns: {
      id: 'no', tenant_id: 'no', course_id: 'no', user_id: 'keep_pseudonymous', due_at: 'keep_pseudonymous', source: 'no', group_id: 'no', path_id: 'no', enrolled_by: 'keep_pseudonymous', enrolled_at: 'keep_pseudonymous',
      status: 'keep_pseudonymous', score_percent: 'keep_pseudonymous', earlier_status: 'keep_pseudonymous', earlier_score_percent: 'keep_pseudonymous', time_spent_seconds: 'keep_pseudonymous', attempt_count: 'keep_pseudonymous',
      first_access_at: 'keep_pseudonymous', last_access_at: 'keep_pseudonymous', completed_at: 'keep_pseudonymous', reminder_sent_at: 'no', overdue_sent_at: 'no', reminded_at: 'no',
    },
  },
  group_enrolments: { purpose: 'who set up a group enrolment', retention: 'as long as it exists', seenBy: 'site administrators', columns: { id: 'no', tenant_id: 'no', group_id: 'no', course_id: 'no', due_at: 'no', include_subgroups: 'no', created_by: 'keep_pseudonymous', created_at: 'no' } },
  attempts: {
    purpose: 'learning records: each attempt at a course',
    retention: LEARNING,
    seenBy: ADMINS + ', course reports',
    columns: { id: 'no', tenant_id: 'no', enrolment_id: 'no', version_id: 'no', number: 'no', status: 'keep_pseudonymous', score_percent: 'keep_pseudonymous', time_spent_seconds: 'keep_pseudonymous', started_at: 'keep_pseudonymous', last_access_at: 'keep_pseudonymous', completed_at: 'keep_pseudonymous', closed_at: 'no' },
  },
  sco_states: {
    purpose: 'SCORM runtime data of an attempt (the course resumes where the person left)',
    retention: LEARNING,
    seenBy: ADMINS + ', course reports',
    columns: { tenant_id: 'no', attempt_id: 'no', sco_id: 'no', seq: 'no', cmi: { erasure: 'anonymise', purpose: 'SCORM runtime data; the learner name in it is replaced' }, completion_status: 'keep_pseudonymous', success_status: 'keep_pseudonymous', score_percent: 'keep_pseudonymous', progress_measure: 'keep_pseudonymous', total_time_seconds: 'keep_pseudonymous', updated_at: 'no' },
  },
  launch_grants: { purpose: 'a course launch credential', retention: 'until it expires (hours)', seenBy: 'nobody', columns: { id: 'no', tenant_id: 'no', token_hash: 'no', kind: 'no', attempt_id: 'no', version_id: 'no', user_id: 'delete', session_id_hash: 'no', area_ref: 'no', app_origin: 'no', content_origin: 'no', created_at: 'no', expires_at: 'no' } },
  certificate_settings: { purpose: 'who changed certificate texts', retention: 'as long as the course exists', seenBy: 'course managers', columns: { tenant_id: 'no', course_id: 'no', enabled: 'no', heading: 'no', body: 'no', updated_by: 'keep_pseudonymous', updated_at: 'no' } },
  certificates: {
    purpose: 'proof of completion, verifiable by its code',
    retention: LEARNING,
    seenBy: ADMINS + ', anyone holding the verification code',
    columns: {
      id: 'no', tenant_id: 'no', code: 'no', enrolment_id: 'no', course_id: 'no', path_id: 'no', path_enrolment_id: 'no', user_id: 'keep_pseudonymous', learner_name: 'anonymise', course_title: 'no', site_name: 'no', heading: 'no', body: 'no', language: 'no', status: 'no',
      score_percent: 'keep_pseudonymous', completed_at: 'keep_pseudonymous', issued_at: 'no', revoked_at: 'no', revoked_by: 'keep_pseudonymous', revoke_reason: 'no',
    },
  },
  learning_paths: { purpose: 'who created a learning path', retention: 'as long as it exists', seenBy: 'course managers', columns: { id: 'no', tenant_id: 'no', title: 'no', description: 'no', due_at: 'no', certificate_enabled: 'no', created_by: 'keep_pseudonymous', created_at: 'no', updated_at: 'no' } },
  learning_path_courses: { purpose: '', retention: '', seenBy: '', columns: { tenant_id: 'no', path_id: 'no', course_id: 'no', position: 'no', prerequisites: 'no' } },
  learning_path_enrolments: { purpose: 'learning records: who follows which path', retention: LEARNING, seenBy: ADMINS, columns: { id: 'no', tenant_id: 'no', path_id: 'no', user_id: 'keep_pseudonymous', source: 'no', group_id: 'no', enrolled_by: 'keep_pseudonymous', enrolled_at: 'keep_pseudonymous', completed_at: 'keep_pseudonymous' } },
  learning_path_groups: { purpose: 'who assigned a path to a group', retention: 'as long as it exists', seenBy: 'site administrators', columns: { id: 'no', tenant_id: 'no', path_id: 'no', group_id: 'no', include_subgroups: 'no', created_by: 'keep_pseudonymous', created_at: 'no' } },
  cmi5_sessions: { purpose: 'cmi5 launch sessions of an attempt', retention: LEARNING, seenBy: 'course reports', columns: { id: 'no', tenant_id: 'no', attempt_id: 'no', grant_id: 'no', au_id: 'no', launch_mode: 'no', fetch_token_hash: 'no', auth_secret_hash: 'no', fetched_at: 'no', preferences_read_at: 'no', initialized_at: 'keep_pseudonymous', judged: 'no', terminated_at: 'keep_pseudonymous', abandoned_at: 'keep_pseudonymous', launched_at: 'keep_pseudonymous', last_activity_at: 'keep_pseudonymous' } },
  cmi5_activity_states: { purpose: 'cmi5 progress of an attempt', retention: LEARNING, seenBy: 'course reports', columns: { tenant_id: 'no', attempt_id: 'no', activity_id: 'no', completed: 'keep_pseudonymous', passed: 'keep_pseudonymous', failed: 'keep_pseudonymous', waived: 'keep_pseudonymous', satisfied: 'keep_pseudonymous', time_seconds: 'keep_pseudonymous', updated_at: 'no' } },
  purchased_access: { purpose: 'course access bought in the store', retention: 'until the access ends', seenBy: ADMINS, columns: { id: 'no', tenant_id: 'no', reference: 'no', course_id: 'no', user_id: 'keep_pseudonymous', ends_at: 'no', created_at: 'no' } },
  // LRS
  lrs_keys: { purpose: 'who created an LRS key, where it was last used', retention: 'until revoked', seenBy: 'site administrators', columns: { id: 'no', tenant_id: 'no', name: 'no', key: 'no', secret_hash: 'no', scopes: 'no', created_by: 'keep_pseudonymous', created_at: 'no', last_used_at: 'no', last_used_ip: { erasure: 'not_applicable', purpose: 'the address an LRS client (a system) last called from' }, revoked_at: 'no' } },
  xapi_statements: {
    purpose: 'xAPI learning records (the person as actor, object, instructor or team member: the account by user id and display name, or an e-mail address)',
    retention: LEARNING + '; unchanged, except that erasure replaces the person by a pseudonymous account',
    seenBy: ADMINS + ', LRS clients with read scope, course reports',
    columns: { tenant_id: 'no', id: 'no', seq: 'no', stored: 'no', voided: 'no', target_id: 'no', authority_key: 'no', statement: 'anonymise' },
  },
  xapi_statement_terms: { purpose: 'statement filters (digests of agents)', retention: LEARNING, seenBy: 'nobody', columns: { tenant_id: 'no', term_key: 'anonymise', related: 'no', stored: 'no', seq: 'no' } },
  xapi_activities: { purpose: '', retention: '', seenBy: '', columns: { tenant_id: 'no', activity_id: 'no', definition: 'no', updated_at: 'no' } },
  xapi_attachments: { purpose: '', retention: '', seenBy: '', columns: { tenant_id: 'no', sha2: 'no', content_type: 'no', length: 'no', blob_hash: 'no', created_at: 'no' } },
  xapi_documents: { purpose: 'xAPI state and agent profiles of a course (bookmarks, answers)', retention: LEARNING, seenBy: 'the course (LRS clients)', columns: { id: 'no', tenant_id: 'no', kind: 'no', activity_id: 'no', agent_key: 'delete', registration: 'no', document_id: 'no', content_type: 'no', content: 'delete', etag: 'no', updated_at: 'no' } },
  // Space
  space_members: { purpose: 'who works in Space and with which role', retention: ACCOUNT, seenBy: 'Space members', columns: { tenant_id: 'no', user_id: 'delete', role: 'no', added_by: 'keep_pseudonymous', added_at: 'no' } },
  space_items: { purpose: 'who owns a file or folder', retention: 'as long as the item exists', seenBy: 'Space members with access', columns: { id: 'no', tenant_id: 'no', parent_id: 'no', ancestor_ids: 'no', kind: 'no', name: 'no', file_kind: 'no', media_type: 'no', size: 'no', current_version_id: 'no', tags: 'no', owner_id: 'keep_pseudonymous', restricted: 'no', created_at: 'no', updated_at: 'no', trashed_at: 'no', trashed_with: 'no' } },
  space_versions: { purpose: 'who uploaded a version', retention: 'as long as the version exists', seenBy: 'Space members with access', columns: { id: 'no', tenant_id: 'no', item_id: 'no', number: 'no', file_name: 'no', file_kind: 'no', media_type: 'no', size: 'no', uploaded_by: 'keep_pseudonymous', created_at: 'no', restored_from: 'no', thumbnail_hash: 'no' } },
  space_version_chunks: { purpose: '', retention: '', seenBy: '', columns: { tenant_id: 'no', version_id: 'no', first_byte: 'no', size: 'no', blob_hash: 'no' } },
  space_item_access: { purpose: 'who may see a restricted item', retention: 'as long as the item exists', seenBy: 'Space members with access', columns: { id: 'no', tenant_id: 'no', item_id: 'no', user_id: 'delete', group_id: 'no', role: 'no' } },
  space_uploads: { purpose: 'an upload in progress', retention: 'until finished or expired', seenBy: 'the person', columns: { id: 'no', tenant_id: 'no', user_id: 'keep_pseudonymous', folder_id: 'no', item_id: 'no', file_name: 'no', total_bytes: 'no', received_bytes: 'no', status: 'no', created_at: 'no', expires_at: 'no' } },
  space_upload_chunks: { purpose: '', retention: '', seenBy: '', columns: { tenant_id: 'no', upload_id: 'no', first_byte: 'no', size: 'no', blob_hash: 'no' } },
  space_publications: { purpose: 'who published to Learn', retention: 'as long as the item exists', seenBy: 'Space members', columns: { id: 'no', tenant_id: 'no', item_id: 'no', version: 'no', course_id: 'no', course_title: 'no', course_version: 'no', status: 'no', error_code: 'no', published_by: 'keep_pseudonymous', created_at: 'no', finished_at: 'no' } },
  space_share_links: { purpose: 'who shared an item', retention: 'until revoked or expired', seenBy: 'Space members', columns: { id: 'no', tenant_id: 'no', item_id: 'no', token_hash: 'no', token_sealed: 'no', audience: 'no', password_hash: 'no', expires_at: 'no', allow_download: 'no', embed_origins: 'no', created_by: 'keep_pseudonymous', created_at: 'no', revoked_at: 'no' } },
  space_share_recipients: { purpose: 'people an item is shared with by e-mail', retention: 'as long as the link exists', seenBy: 'Space members', columns: { id: 'no', tenant_id: 'no', link_id: 'no', email: { erasure: 'delete', purpose: 'people an item is shared with by e-mail; when it is the address of a user of the site who is erased, the entry goes (other addresses: see below)' }, code_hash: 'no', code_sent_at: 'no', code_expires_at: 'no', code_attempts: 'no', created_at: 'no' } },
  space_share_visits: { purpose: 'who opened a shared item (share analytics)', retention: 'as long as the link exists', seenBy: 'Space members', columns: { id: 'no', tenant_id: 'no', link_id: 'no', kind: 'no', item_id: 'no', user_id: 'delete', recipient_email: { erasure: 'delete', purpose: 'the named recipient whose address the visitor proved; an erased user’s address is removed, the visit stays counted (other addresses: see below)' }, visitor: { erasure: 'anonymise', purpose: 'counting unique visitors: a digest of the proven address, or of the account, IP address and browser; an erased user’s become random ones, the same for all their visits' }, at: 'no' } },
  space_view_sessions: { purpose: 'how long a shared item was viewed (share analytics)', retention: 'as long as the link exists', seenBy: 'Space members', columns: { id: 'no', tenant_id: 'no', link_id: 'no', item_id: 'no', visitor: { erasure: 'anonymise', purpose: 'counting unique viewers: a digest of the proven address, or of the account, IP address and browser; an erased user’s become random ones, the same for all their views' }, user_id: 'delete', recipient_email: { erasure: 'anonymise', purpose: 'the named recipient whose address the viewer proved (a view reports only while they are one); an erased user’s becomes an address that reaches nobody (other addresses: see below)' }, started_at: 'no', last_seen_at: 'no', seconds: 'no', duration: 'no', played: 'no', page_count: 'no', pages_seen: 'no' } },
  space_view_course_progress: { purpose: 'progress in a shared course (share analytics)', retention: 'as long as the link exists', seenBy: 'Space members', columns: { tenant_id: 'no', view_session_id: 'no', sco_id: 'no', title: 'no', position: 'no', item_count: 'no', status: 'no', progress_measure: 'no', score_percent: 'no', location: 'no', seconds: 'no', seq: 'no', updated_at: 'no' } },
  space_comments: {
    purpose: 'review comments on content',
    retention: 'as long as the item exists',
    seenBy: 'Space members with access, guest reviewers of the request',
    columns: { id: 'no', tenant_id: 'no', item_id: 'no', version: 'no', thread_id: 'no', author_id: 'keep_pseudonymous', guest_author_id: 'not_applicable', body: { erasure: 'keep_pseudonymous', purpose: 'the comment text: part of the content’s review history; shown under the deleted person’s name' }, anchor: 'no', status: 'no', mentions: 'keep_pseudonymous', created_at: 'no', status_changed_at: 'no', status_changed_by: 'keep_pseudonymous' },
  },
  space_comment_attachments: { purpose: 'files attached to comments', retention: 'as long as the comment exists', seenBy: 'Space members with access', columns: { id: 'no', tenant_id: 'no', item_id: 'no', comment_id: 'no', uploaded_by: 'keep_pseudonymous', file_name: 'no', media_type: 'no', size: 'no', blob_hash: 'no', created_at: 'no' } },
  space_review_requests: { purpose: 'review requests', retention: 'as long as the item exists', seenBy: 'Space members', columns: { id: 'no', tenant_id: 'no', item_id: 'no', version: 'no', requested_by: 'keep_pseudonymous', message: 'no', due_at: 'no', created_at: 'no' } },
  space_reviewers: { purpose: 'who reviews', retention: 'as long as the request exists', seenBy: 'Space members', columns: { tenant_id: 'no', request_id: 'no', user_id: 'keep_pseudonymous', done_at: 'no', reminded_at: 'no' } },
  space_guest_reviewers: { purpose: 'outside reviewers invited by e-mail (no account)', retention: 'as long as the request exists', seenBy: 'Space members', columns: { id: 'no', tenant_id: 'no', request_id: 'no', email: { erasure: 'anonymise', purpose: 'outside reviewers invited by e-mail; when it is the address of a user of the site who is erased, it becomes one that reaches nobody and the link closes (other addresses: see below)' }, name: { erasure: 'anonymise', purpose: 'outside reviewers invited by e-mail; an erased user’s becomes the deleted person’s, and their comments stay under it (other names: see below)' }, language: 'no', token_hash: 'no', token_sealed: 'no', done_at: 'no', reminded_at: 'no', resent_at: 'no', removed_at: 'no', created_at: 'no' } },
  // Market
  market_products: { purpose: 'the instructor named on a product page (entered by the shop)', retention: 'as long as the product exists', seenBy: 'everyone (public catalogue)', columns: { id: 'no', tenant_id: 'no', slug: 'no', kind: 'no', status: 'no', title: 'no', summary: 'no', description: 'no', instructor_name: 'not_applicable', instructor_bio: 'not_applicable', access_days: 'no', free: 'no', seat_packs: 'no', language: 'no', preview_course_id: 'no', created_at: 'no', updated_at: 'no' } },
  market_product_courses: { purpose: '', retention: '', seenBy: '', columns: { tenant_id: 'no', product_id: 'no', course_id: 'no', position: 'no' } },
  market_product_prices: { purpose: '', retention: '', seenBy: '', columns: { tenant_id: 'no', product_id: 'no', currency: 'no', amount_minor: 'no' } },
  market_orders: {
    purpose: 'orders: the contract and the invoice address (commercial and tax law)',
    retention: TAX,
    seenBy: ADMINS + ' (orders)',
    columns: {
      id: 'no', tenant_id: 'no', reference: 'no', status: 'no', provider: 'no', buyer_user_id: 'keep_pseudonymous', buyer_email: 'keep_legal', buyer_first_name: 'keep_legal', buyer_last_name: 'keep_legal', buyer_company: 'keep_legal', buyer_address: 'keep_legal', buyer_country: 'keep_legal',
      buyer_vat_id: 'keep_legal', buyer_vat_status: 'keep_legal', location_evidence: 'keep_legal', language: 'no', currency: 'no', net_minor: 'no', vat_minor: 'no', gross_minor: 'no', refunded_minor: 'no', coupon_code: 'no', confirmation_token_hash: 'delete', email_confirmed_at: 'no', created_at: 'no', paid_at: 'no', updated_at: 'no',
    },
  },
  market_order_lines: { purpose: '', retention: '', seenBy: '', columns: { id: 'no', tenant_id: 'no', order_id: 'no', position: 'no', product_id: 'no', title: 'no', course_ids: 'no', access_days: 'no', quantity: 'no', seat_pack: 'no', unit_price_minor: 'no', discount_minor: 'no', net_minor: 'no', vat_minor: 'no', gross_minor: 'no', vat_rate_basis_points: 'no', tax_rule: 'no', tax_country: 'no', refunded_minor: 'no' } },
  market_payments: { purpose: '', retention: '', seenBy: '', columns: { id: 'no', tenant_id: 'no', order_id: 'no', provider: 'no', status: 'no', provider_checkout_id: 'no', provider_payment_id: 'no', checkout_url: 'no', currency: 'no', amount_minor: 'no', refunded_minor: 'no', created_at: 'no', updated_at: 'no' } },
  market_provider_events: { purpose: '', retention: '', seenBy: '', columns: { tenant_id: 'no', provider: 'no', event_id: 'no', type: 'no', order_id: 'no', outcome: 'no', received_at: 'no' } },
  market_access_grants: { purpose: 'course access bought', retention: TAX, seenBy: ADMINS, columns: { id: 'no', tenant_id: 'no', order_line_id: 'no', user_id: 'keep_pseudonymous', course_id: 'no', granted_at: 'no', ends_at: 'no', revoked_at: 'no' } },
  market_payment_accounts: { purpose: 'who changed the payment account', retention: 'as long as it exists', seenBy: 'site administrators', columns: { tenant_id: 'no', provider: 'no', secret_key_sealed: 'no', webhook_secret_sealed: 'no', secret_key_hint: 'no', changed_by: 'keep_pseudonymous', changed_at: 'no' } },
  market_refunds: { purpose: 'refunds (tax records)', retention: TAX, seenBy: 'site administrators', columns: { id: 'no', tenant_id: 'no', order_id: 'no', kind: 'no', status: 'no', amount_minor: 'no', lines: 'no', reason: 'no', provider_refund_id: 'no', created_by: 'keep_pseudonymous', created_at: 'no', settled_at: 'no' } },
  market_invoice_counters: { purpose: '', retention: '', seenBy: '', columns: { tenant_id: 'no', last_number: 'no' } },
  market_invoices: { purpose: 'invoices and credit notes (tax law)', retention: TAX, seenBy: ADMINS, columns: { id: 'no', tenant_id: 'no', number: 'no', sequence: 'no', kind: 'no', order_id: 'no', refund_id: 'no', corrects_invoice_id: 'no', issued_at: 'no', language: 'no', document: 'keep_legal', logo_hash: 'no', pdf_hash: 'no', buyer_user_id: 'keep_pseudonymous' } },
  market_coupons: { purpose: '', retention: '', seenBy: '', columns: { id: 'no', tenant_id: 'no', code: 'no', kind: 'no', percent: 'no', amount_minor: 'no', currency: 'no', product_ids: 'no', valid_from: 'no', valid_until: 'no', max_uses: 'no', max_uses_per_buyer: 'no', active: 'no', created_at: 'no' } },
  market_coupon_redemptions: { purpose: 'coupon use per buyer (limits per buyer)', retention: TAX, seenBy: 'site administrators', columns: { id: 'no', tenant_id: 'no', coupon_id: 'no', order_id: 'no', buyer_email: 'keep_legal', discount_minor: 'no', created_at: 'no' } },
  market_seat_packs: { purpose: '', retention: '', seenBy: '', columns: { tenant_id: 'no', order_line_id: 'no', order_id: 'no', group_id: 'no', seats: 'no', created_at: 'no' } },
};

/** Tables of the migration tool itself, outside the product's data. */
export const BOOKKEEPING_TABLES: readonly string[] = [];

/** Every column by table, as the tests and docs/privacy.md read it. */
export const PERSONAL_DATA: Readonly<Record<string, Readonly<Record<string, ColumnClass>>>> = Object.fromEntries(
  Object.entries(TABLES).map(([table, entry]) => [
    table,
    Object.fromEntries(
      Object.entries(entry.columns).map(([column, value]): [string, ColumnClass] => {
        if (value === 'no') return [column, { category: 'not_personal' }];
        const own = typeof value === 'string' ? { erasure: value } : value;
        return [column, { category: 'personal', purpose: entry.purpose, retention: entry.retention, seenBy: entry.seenBy, ...own }];
      }),
    ),
  ]),
);

/** The personal columns as `table.column`, with their classification. */
export function personalColumns(): Array<{ name: string } & PersonalColumn> {
  return Object.entries(PERSONAL_DATA).flatMap(([table, columns]) =>
    Object.entries(columns).flatMap(([column, value]) => (value.category === 'personal' ? [{ name: `${table}.${column}`, ...value }] : [])),
  );
}

/** The database's columns (`table.column`) that the list does not classify: each needs a decision. */
export function unclassifiedColumns(columns: ReadonlyArray<{ table_name: string; column_name: string }>): string[] {
  return columns.filter(({ table_name, column_name }) => PERSONAL_DATA[table_name]?.[column_name] === undefined).map(({ table_name, column_name }) => `${table_name}.${column_name}`);
}

/** How docs/privacy.md words each erasure action. */
const ERASURE_WORDS: Record<ErasureAction, string> = {
  delete: 'deleted',
  anonymise: 'anonymised',
  keep_pseudonymous: 'kept, points to the anonymised account',
  keep_legal: 'kept (legal retention)',
  not_applicable: 'not a user’s data (see below)',
};

/**
 * The tables of docs/privacy.md's "Every personal column": one section per table, one row per
 * personal column. The document holds exactly this text (personal-data.test.ts), so it is
 * written from this list (`npm run docs:privacy`) rather than by hand.
 */
export function personalColumnsMarkdown(): string {
  const sections = new Map<string, string[]>();
  for (const column of personalColumns()) {
    const table = column.name.slice(0, column.name.indexOf('.'));
    const rows = sections.get(table) ?? [];
    rows.push(`| \`${column.name}\` | ${column.purpose} | ${column.retention} | ${ERASURE_WORDS[column.erasure]} | ${column.seenBy} |`);
    sections.set(table, rows);
  }
  return [...sections]
    .map(([table, rows]) => [`### \`${table}\``, '', '| column | why | how long | at erasure | who sees it |', '|---|---|---|---|---|', ...rows].join('\n'))
    .join('\n\n');
}
