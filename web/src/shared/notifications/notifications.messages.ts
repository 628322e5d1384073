// UI texts of the bell, in English and German (same keys; merged into shared/i18n under "notifications").
const en = {
  bell: 'Notifications',
  bellUnread_one: 'Notifications: {{count}} unread',
  bellUnread_other: 'Notifications: {{count}} unread',
  title: 'Notifications',
  markAllRead: 'Mark all as read',
  none: 'No notifications yet.',
  unread: 'Unread',
  more: 'Show older',
  kinds: {
    enrolled: 'You have been enrolled in “{{title}}”.',
    enrolledDue: 'You have been enrolled in “{{title}}”, due on {{date}}.',
    reminder: 'Reminder: “{{title}}” is due on {{date}}.',
    overdue: '“{{title}}” was due on {{date}} and is overdue.',
    nudge: 'Reminder: please continue “{{title}}”.',
    certificateIssued: 'Your certificate for “{{title}}” is ready.',
    certificateRevoked: 'Your certificate for “{{title}}” has been revoked.',
    accessReview: 'An access review waits for your decisions.',
    accessReviewOverdue: 'An access review was due on {{date}} and still waits for your decisions.',
    staffGrantPending: '{{title}} of the operator asks for access to this site and waits for your approval.',
    erasureRequested: '{{title}} asks for their personal data to be erased.',
    erasureRejected: 'Your request to have your data erased was declined: {{reason}}',
    other: 'New notification',
  },
};

const de: typeof en = {
  bell: 'Benachrichtigungen',
  bellUnread_one: 'Benachrichtigungen: {{count}} ungelesen',
  bellUnread_other: 'Benachrichtigungen: {{count}} ungelesen',
  title: 'Benachrichtigungen',
  markAllRead: 'Alle als gelesen markieren',
  none: 'Noch keine Benachrichtigungen.',
  unread: 'Ungelesen',
  more: 'Ältere anzeigen',
  kinds: {
    enrolled: 'Sie wurden in den Kurs „{{title}}“ eingeschrieben.',
    enrolledDue: 'Sie wurden in den Kurs „{{title}}“ eingeschrieben, fällig am {{date}}.',
    reminder: 'Erinnerung: „{{title}}“ ist am {{date}} fällig.',
    overdue: '„{{title}}“ war am {{date}} fällig und ist überfällig.',
    nudge: 'Erinnerung: Bitte setzen Sie „{{title}}“ fort.',
    certificateIssued: 'Ihr Zertifikat für „{{title}}“ ist bereit.',
    certificateRevoked: 'Ihr Zertifikat für „{{title}}“ wurde widerrufen.',
    accessReview: 'Eine Zugriffsprüfung wartet auf Ihre Entscheidungen.',
    accessReviewOverdue: 'Eine Zugriffsprüfung war am {{date}} fällig und wartet noch auf Ihre Entscheidungen.',
    staffGrantPending: '{{title}} vom Betreiber bittet um Zugriff auf diese Website und wartet auf Ihre Genehmigung.',
    erasureRequested: '{{title}} bittet darum, die eigenen personenbezogenen Daten zu löschen.',
    erasureRejected: 'Ihre Bitte, Ihre Daten zu löschen, wurde abgelehnt: {{reason}}',
    other: 'Neue Benachrichtigung',
  },
};

export const notificationsMessages = { en, de };
