import type { FieldLabels } from '../platform/http/index.js';

/** Learn's fields, by the name the API gives them (the platform words refusals with them). */
export const learnFieldLabels: FieldLabels = {
  category: { en: 'Category', de: 'Kategorie' },
  courseId: { en: 'Course', de: 'Kurs' },
  description: { en: 'Description', de: 'Beschreibung' },
  dueAt: { en: 'Due date', de: 'Fälligkeitsdatum' },
  dueFrom: { en: 'Due from', de: 'Fällig ab' },
  dueTo: { en: 'Due until', de: 'Fällig bis' },
  enrolmentId: { en: 'Enrolment', de: 'Einschreibung' },
  enrolmentIds: { en: 'Enrolments', de: 'Einschreibungen' },
  fileName: { en: 'File name', de: 'Dateiname' },
  groupEnrolmentId: { en: 'Group enrolment', de: 'Gruppeneinschreibung' },
  includeSubgroups: { en: 'Include subgroups', de: 'Untergruppen einschließen' },
  lang: { en: 'Language', de: 'Sprache' },
  newAttempt: { en: 'New attempt', de: 'Neuer Versuch' },
  notifications: { en: 'Notifications', de: 'Benachrichtigungen' },
  overdue: { en: 'Overdue', de: 'Überfällig' },
  overdueOnly: { en: 'Only with overdue courses', de: 'Nur mit überfälligen Kursen' },
  reminderDaysBeforeDue: { en: 'Reminder (days before due)', de: 'Erinnerung (Tage vor Fälligkeit)' },
  selfEnrolment: { en: 'Self-enrolment', de: 'Selbsteinschreibung' },
  sort: { en: 'Sort by', de: 'Sortieren nach' },
  tags: { en: 'Tags', de: 'Schlagwörter' },
  title: { en: 'Title', de: 'Titel' },
  totalBytes: { en: 'File size (bytes)', de: 'Dateigröße (Bytes)' },
  versionId: { en: 'Version', de: 'Version' },
};
