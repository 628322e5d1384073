import type { Orm } from '../db/client.js';

/** One file of a person's data export: its path in the zip (`learn/enrolments.csv`) and its text. */
export interface ExportFile {
  name: string;
  content: string;
}

/**
 * What an area adds to a person's data export and does at their erasure (GDPR Art. 15, 17, 20).
 * Both run inside the tenant transaction of the request, as the application role; the platform
 * calls every module's and knows none of them.
 */
export interface AreaPrivacy {
  /** Everything the area keeps about the person, as files (CSV for rows, JSON for nested data). */
  exportUser(tx: Orm, userId: string): Promise<ExportFile[]>;
  /**
   * Deletes or anonymises what the area keeps about the person and the law does not require it
   * to keep (docs/privacy.md says which); learning records stay, pointing at the anonymised
   * account. Returns counts by kind for the audit entry.
   */
  eraseUser(tx: Orm, userId: string, erased: ErasedIdentity): Promise<Record<string, number>>;
}

/** What the person is called after erasure, for the copies of their name an area keeps (a certificate's learner name). */
export interface ErasedIdentity {
  displayName: string;
}
