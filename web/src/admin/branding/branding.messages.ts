// UI texts of this feature, in English and German (same keys; merged into shared/i18n under "branding").
const en = {
  tab: 'Branding',
  title: 'Branding',
  identity: {
    title: 'Name and colour',
    description: 'How the site presents itself in the header, on the sign-in page, in e-mails and on certificates.',
    siteName: 'Site name',
    siteNameHelp: 'Empty: the site’s own name ({{name}}).',
    primaryColour: 'Main colour',
    primaryColourHelp: 'Buttons and links. Written as # and six hexadecimal digits, e.g. #1864ab; empty: the standard blue.',
    contrast: 'White text on this colour: {{ratio}}:1 (at least 4.5:1 is needed).',
    swatch: 'Preview of the colour {{colour}}',
    mailSenderName: 'E-mail sender name',
    mailSenderNameHelp: 'Shown as the sender of the site’s e-mails; the address stays the configured one. Empty: the configured name.',
    save: 'Save',
    saved: 'The branding was saved.',
  },
  logo: {
    title: 'Logo',
    description: 'Shown in the header of every page. A PNG, JPEG or WebP image of at most 512 KiB, 16 to 4096 pixels a side; SVG is not accepted.',
    choose: 'Choose a logo image',
    remove: 'Remove logo',
    none: 'No logo: the header shows the site name only.',
    uploaded: 'The logo was saved.',
    removed: 'The logo was removed.',
  },
};

const de: typeof en = {
  tab: 'Erscheinungsbild',
  title: 'Erscheinungsbild',
  identity: {
    title: 'Name und Farbe',
    description: 'Wie sich die Site in der Kopfzeile, auf der Anmeldeseite, in E-Mails und auf Zertifikaten zeigt.',
    siteName: 'Name der Site',
    siteNameHelp: 'Leer: der eigene Name der Site ({{name}}).',
    primaryColour: 'Hauptfarbe',
    primaryColourHelp: 'Schaltflächen und Links. Geschrieben als # und sechs Hexadezimalziffern, etwa #1864ab; leer: das Standardblau.',
    contrast: 'Weiße Schrift auf dieser Farbe: {{ratio}}:1 (mindestens 4,5:1 sind nötig).',
    swatch: 'Vorschau der Farbe {{colour}}',
    mailSenderName: 'Absendername der E-Mails',
    mailSenderNameHelp: 'Erscheint als Absender der E-Mails der Site; die Adresse bleibt die eingerichtete. Leer: der eingerichtete Name.',
    save: 'Speichern',
    saved: 'Das Erscheinungsbild wurde gespeichert.',
  },
  logo: {
    title: 'Logo',
    description: 'Erscheint in der Kopfzeile jeder Seite. Ein PNG-, JPEG- oder WebP-Bild von höchstens 512 KiB, 16 bis 4096 Pixel je Seite; SVG wird nicht angenommen.',
    choose: 'Logo-Bild auswählen',
    remove: 'Logo entfernen',
    none: 'Kein Logo: Die Kopfzeile zeigt nur den Namen der Site.',
    uploaded: 'Das Logo wurde gespeichert.',
    removed: 'Das Logo wurde entfernt.',
  },
};

export const brandingMessages = { en, de };
