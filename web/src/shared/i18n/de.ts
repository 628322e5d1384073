import type { Messages } from './en';

// German UI texts (formal address, "Sie").
export const de: Messages = {
  app: {
    name: 'Lectern',
    loading: 'Wird geladen …',
    close: 'Schließen',
    retry: 'Erneut versuchen',
    loadFailed: 'Diese Seite konnte nicht geladen werden.',
  },
  language: {
    button: 'Sprache: {{language}}',
    menuLabel: 'Sprache wählen',
    en: 'English',
    de: 'Deutsch',
  },
  shell: {
    skipToContent: 'Zum Inhalt springen',
    toggleNavigation: 'Navigation ein- oder ausblenden',
    mainNavigation: 'Hauptnavigation',
    userMenu: 'Konto: {{name}}',
    signedInAs: 'Angemeldet als',
    signOut: 'Abmelden',
    signOutFailed: 'Abmelden fehlgeschlagen',
  },
  nav: {
    dashboard: 'Dashboard',
    myCourses: 'Meine Kurse',
    team: 'Team',
    users: 'Benutzer',
    courses: 'Kurse',
    reports: 'Berichte',
    settings: 'Einstellungen',
  },
  roles: {
    admin: 'Administrator/in',
    manager: 'Manager/in',
    instructor: 'Trainer/in',
    learner: 'Teilnehmer/in',
  },
  signIn: {
    title: 'Anmelden',
    email: 'E-Mail',
    password: 'Passwort',
    submit: 'Anmelden',
    failed: 'Anmeldung fehlgeschlagen',
    sessionEnded: 'Ihre Sitzung wurde beendet. Bitte melden Sie sich erneut an.',
  },
  dashboard: {
    greeting: 'Willkommen, {{firstName}}',
    admin: {
      subtitle: 'Verwaltung',
      empty: 'Hier gibt es noch nichts zu sehen. Benutzer, Kurse und Berichte erscheinen hier, sobald sie eingerichtet sind.',
    },
    manager: {
      subtitle: 'Ihr Team',
      empty: 'Hier gibt es noch nichts zu sehen. Der Lernfortschritt Ihres Teams erscheint hier, sobald Teammitglieder in Kurse eingeschrieben sind.',
    },
    instructor: {
      subtitle: 'Lehre',
      empty: 'Hier gibt es noch nichts zu sehen. Die Kurse, die Sie betreuen, erscheinen hier, sobald sie angelegt sind.',
    },
    learner: {
      subtitle: 'Lernen',
      empty: 'Sie sind noch in keinen Kurs eingeschrieben. Kurse, die Ihnen zugewiesen werden, erscheinen hier.',
    },
  },
  comingSoon: {
    body: 'Dieser Bereich von Lectern ist noch nicht verfügbar.',
    back: 'Zurück zum Dashboard',
  },
  notFound: {
    title: 'Seite nicht gefunden',
    body: 'Unter dieser Adresse gibt es keine Seite, oder sie ist für Ihr Konto nicht verfügbar.',
    back: 'Zurück zum Dashboard',
  },
  errors: {
    network: 'Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    unexpected: 'Etwas ist schiefgelaufen (Status {{status}}). Bitte versuchen Sie es erneut.',
  },
};
