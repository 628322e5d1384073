import type { Orm } from '../db/client.js';

/** One file of a person's data export: its path in the zip (`learn/enrolments.csv`) and its text. */
export interface TextExportFile {
  name: string;
  content: string;
}

/**
 * A file of the export whose bytes the site keeps in its blob store (what the person handed in with
 * an xAPI statement): its path in the zip and the blob. The platform reads the bytes once the
 * transaction that found it is over and streams them into the zip as they are.
 */
export interface StoredExportFile {
  name: string;
  blobHash: string;
}

export type ExportFile = TextExportFile | StoredExportFile;

/**
 * What an area adds to a person's data export and does at their erasure (GDPR Art. 15, 17, 20).
 * Both run inside the tenant transaction of the request, as the application role; the platform
 * calls every module's and knows none of them.
 */
export interface AreaPrivacy {
  /** Everything the area keeps about the person, as files (CSV for rows, JSON for nested data). */
  exportUser(tx: Orm, userId: string, subject: PrivacySubject): Promise<ExportFile[]>;
  /**
   * Deletes or anonymises what the area keeps about the person and the law does not require it
   * to keep (docs/privacy.md says which); learning records stay, pointing at the anonymised
   * account. Returns counts by kind for the audit entry.
   */
  eraseUser(tx: Orm, userId: string, erased: ErasedIdentity): Promise<Record<string, number>>;
}

/**
 * Who an export or erasure is about, beyond the user id: what records outside the account may name
 * them by (an xAPI statement's actor by e-mail address, or as an account of the site's address).
 */
export interface PrivacySubject {
  /** The person's e-mail address as the account holds it (at erasure: before it is anonymised). */
  email: string;
  /** The site's address (siteUrlOf): the homePage of the accounts that name the site's users in xAPI. */
  siteUrl: string;
}

/** The person as they were (PrivacySubject), and what they are called after erasure, for the copies of their name an area keeps (a certificate's learner name). */
export interface ErasedIdentity extends PrivacySubject {
  displayName: string;
  /** The person's first and last name as the account held them: free text that names them this way is scrubbed too. */
  formerName: string;
}
