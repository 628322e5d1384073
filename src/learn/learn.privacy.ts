import { csvFile, jsonFile, type AreaPrivacy } from '../platform/privacy/index.js';
import { eraseLearnRowsOfUser, learnRowsOfUser } from './learn-privacy.repository.js';

/** Learn's part of a person's data export and erasure (docs/privacy.md). */
export const learnPrivacy: AreaPrivacy = {
  async exportUser(tx, userId) {
    const rows = await learnRowsOfUser(tx, userId);
    return [
      csvFile('enrolments.csv', rows.enrolments, ['course', 'status', 'score_percent', 'source', 'due_at', 'enrolled_at', 'completed_at']),
      csvFile('attempts.csv', rows.attempts, ['course', 'number', 'status', 'score_percent', 'time_spent_seconds', 'started_at', 'completed_at']),
      jsonFile('scorm-data.json', rows.scormData),
      csvFile('certificates.csv', rows.certificates, ['code', 'course_title', 'learner_name', 'status', 'completed_at', 'issued_at']),
      csvFile('learning-paths.csv', rows.paths, ['learning_path', 'source', 'enrolled_at', 'completed_at']),
      csvFile('purchased-access.csv', rows.purchasedAccess, ['course', 'reference', 'created_at', 'ends_at']),
    ];
  },
  eraseUser: (tx, userId, erased) => eraseLearnRowsOfUser(tx, userId, erased.displayName),
};
