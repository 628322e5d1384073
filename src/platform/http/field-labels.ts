import type { BothLanguages } from './localised-checks.contract.js';
import type { FieldLabels } from './validation-messages.js';

const label = (en: string, de: string): BothLanguages => ({ en, de });

/** The platform's fields (identity, tenancy, groups, guard, access), by the name the API gives them. */
const PLATFORM_FIELD_LABELS: FieldLabels = {
  active: label('Active', 'Aktiv'),
  // The audit log's filters (platform/audit); from, to and lang as the areas word them.
  action: label('Action', 'Aktion'),
  actor: label('Who', 'Wer'),
  actorId: label('Acting user', 'Handelnde Person'),
  auditRetentionDays: label('Keep audit log entries (days)', 'Protokolleinträge aufbewahren (Tage)'),
  before: label('Older than entry', 'Älter als Eintrag'),
  bucket: label('Grouping', 'Gruppierung'),
  from: label('From', 'Von'),
  lang: label('Language', 'Sprache'),
  targetId: label('Target ID', 'Ziel-ID'),
  targetType: label('Target type', 'Zieltyp'),
  to: label('To', 'Bis'),
  // Staff access, access reviews and privacy requests (platform/access, platform/privacy).
  beforeId: label('Older than entry', 'Älter als Eintrag'),
  confirmEmail: label('E-mail address to confirm', 'Zu bestätigende E-Mail-Adresse'),
  decision: label('Decision', 'Entscheidung'),
  dueInDays: label('Due in (days)', 'Fällig in (Tagen)'),
  grantId: label('Access grant', 'Zugriffsfreigabe'),
  staffAccessNeedsApproval: label('Operator staff need our approval', 'Betreiberzugriff nur mit unserer Genehmigung'),
  unusedDays: label('Unused for (days)', 'Ungenutzt seit (Tagen)'),
  unusedOnly: label('Unused only', 'Nur ungenutzte'),
  allowedDomains: label('Allowed e-mail domains', 'Erlaubte E-Mail-Domains'),
  after: label('Continue after', 'Fortsetzen nach'),
  absoluteHours: label('Longest session (hours)', 'Längste Sitzung (Stunden)'),
  accountIpMaxFailures: label('Failed sign-ins per account and address', 'Fehlanmeldungen je Konto und Adresse'),
  accountIpWindowMinutes: label('Window per account and address (minutes)', 'Zeitfenster je Konto und Adresse (Minuten)'),
  accountMaxFailures: label('Failed sign-ins per account', 'Fehlanmeldungen je Konto'),
  accountWindowMinutes: label('Window per account (minutes)', 'Zeitfenster je Konto (Minuten)'),
  banGrowthFactor: label('Ban growth factor', 'Wachstumsfaktor der Sperre'),
  banMaxMinutes: label('Longest ban (minutes)', 'Längste Sperre (Minuten)'),
  banMinutes: label('First ban (minutes)', 'Erste Sperre (Minuten)'),
  branding: label('Branding', 'Erscheinungsbild'),
  code: label('Code', 'Code'),
  consentText: label('Consent text', 'Einwilligungstext'),
  currentPassword: label('Current password', 'Aktuelles Passwort'),
  effective: label('Effective', 'Wirksam'),
  email: label('E-mail address', 'E-Mail-Adresse'),
  existing: label('Users who exist already', 'Bereits vorhandene Benutzer'),
  expiresInDays: label('Valid for (days)', 'Gültig für (Tage)'),
  firstName: label('First name', 'Vorname'),
  forceHttps: label('Force HTTPS', 'HTTPS erzwingen'),
  format: label('Format', 'Format'),
  groupId: label('Group', 'Gruppe'),
  id: label('ID', 'ID'),
  idleMinutes: label('Sign-out after inactivity (minutes)', 'Abmeldung nach Inaktivität (Minuten)'),
  intrusion: label('Attack protection', 'Angriffsschutz'),
  invitation: label('Invitation', 'Einladung'),
  invite: label('Send invitation', 'Einladung senden'),
  ipMaxFailures: label('Failed sign-ins per address', 'Fehlanmeldungen je Adresse'),
  ipWindowMinutes: label('Window per address (minutes)', 'Zeitfenster je Adresse (Minuten)'),
  language: label('Language', 'Sprache'),
  lastName: label('Last name', 'Nachname'),
  limit: label('Number of entries', 'Anzahl der Einträge'),
  locale: label('Language', 'Sprache'),
  mailSenderName: label('E-mail sender name', 'Absendername der E-Mails'),
  message: label('Message', 'Nachricht'),
  minLength: label('Minimum length', 'Mindestlänge'),
  name: label('Name', 'Name'),
  open: label('People may create their own account', 'Personen dürfen selbst ein Konto anlegen'),
  newEmail: label('New e-mail address', 'Neue E-Mail-Adresse'),
  newPassword: label('New password', 'Neues Passwort'),
  offset: label('Start at entry', 'Ab Eintrag'),
  order: label('Order', 'Reihenfolge'),
  parentId: label('Parent group', 'Übergeordnete Gruppe'),
  password: label('Password', 'Passwort'),
  passwordPolicy: label('Password policy', 'Passwortregeln'),
  preset: label('Preset', 'Voreinstellung'),
  primaryColour: label('Main colour', 'Hauptfarbe'),
  q: label('Search', 'Suche'),
  recoveryCode: label('Recovery code', 'Wiederherstellungscode'),
  requireDigit: label('Require a digit', 'Ziffer verlangen'),
  requireLowercase: label('Require a lower-case letter', 'Kleinbuchstaben verlangen'),
  requireMfaFor: label('Two-factor sign-in required for', 'Zwei-Faktor-Anmeldung verlangt für'),
  requireSymbol: label('Require a symbol', 'Sonderzeichen verlangen'),
  requireUppercase: label('Require an upper-case letter', 'Großbuchstaben verlangen'),
  role: label('Role', 'Rolle'),
  roles: label('Roles', 'Rollen'),
  scopes: label('Permissions', 'Berechtigungen'),
  security: label('Security', 'Sicherheit'),
  session: label('Session', 'Sitzung'),
  sessionId: label('Session', 'Sitzung'),
  siteName: label('Site name', 'Name der Site'),
  status: label('Status', 'Status'),
  subject: label('Subject', 'Betreff'),
  stuffingMaxAccounts: label('Accounts tried per address', 'Versuchte Konten je Adresse'),
  stuffingWindowMinutes: label('Window for accounts tried (minutes)', 'Zeitfenster für versuchte Konten (Minuten)'),
  token: label('Link code', 'Link-Code'),
  unread: label('Unread only', 'Nur ungelesene'),
  registration: label('Self-registration', 'Selbstregistrierung'),
  userId: label('User', 'Benutzer'),
  userIds: label('Users', 'Benutzer'),
};

const labels: Record<string, BothLanguages> = { ...PLATFORM_FIELD_LABELS };

/**
 * Adds an area's field labels (installModules does, at start). A name keeps one label across the
 * API, so an area may not word a name the platform or another area words differently.
 */
export function registerFieldLabels(area: FieldLabels): void {
  for (const [name, text] of Object.entries(area)) {
    const known = labels[name];
    if (known && (known.en !== text.en || known.de !== text.de)) {
      throw new Error(`the field ${name} is labelled "${known.en}" already; an area cannot label it "${text.en}"`);
    }
    labels[name] = text;
  }
}

/** Every field label known now (the platform's and the installed areas'). */
export function fieldLabels(): FieldLabels {
  return labels;
}
