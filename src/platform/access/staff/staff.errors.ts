import type { CatalogueEntry } from '../../http/errors.js';

/** Codes of platform staff, their grants and the operator console. */
export const staffErrors = {
  STAFF_EXISTS: { status: 409, en: 'A staff member with this e-mail address exists already.', de: 'Es gibt bereits eine Mitarbeiterin oder einen Mitarbeiter mit dieser E-Mail-Adresse.' },
  STAFF_NOT_FOUND: { status: 404, en: 'There is no such staff member.', de: 'Diese Mitarbeiterin oder diesen Mitarbeiter gibt es nicht.' },
  STAFF_SIGN_IN_FAILED: { status: 401, en: 'E-mail address or password is wrong.', de: 'E-Mail-Adresse oder Passwort ist falsch.' },
  STAFF_MFA_CODE_WRONG: { status: 401, en: 'The code is wrong or was used already.', de: 'Der Code ist falsch oder wurde schon verwendet.' },
  STAFF_MFA_REQUIRED: {
    status: 403,
    en: 'Staff must set up their second factor before they can request or use access.',
    de: 'Mitarbeitende müssen ihren zweiten Faktor einrichten, bevor sie Zugriff anfordern oder nutzen können.',
  },
  STAFF_GRANT_NOT_FOUND: { status: 404, en: 'There is no such access grant.', de: 'Diese Zugriffsfreigabe gibt es nicht.' },
  STAFF_GRANT_NOT_ACTIVE: {
    status: 409,
    en: 'This access grant is not running (it is waiting for approval, has expired or was revoked).',
    de: 'Diese Zugriffsfreigabe läuft nicht (sie wartet auf Genehmigung, ist abgelaufen oder wurde widerrufen).',
  },
  STAFF_SELF_APPROVAL: {
    status: 403,
    en: 'You cannot approve this grant: your account belongs to the staff member who asked for it, or was created or changed by them. Another administrator must decide.',
    de: 'Sie können diese Freigabe nicht genehmigen: Ihr Konto gehört der Person, die sie beantragt hat, oder wurde von ihr angelegt oder geändert. Eine andere Administratorin oder ein anderer Administrator muss entscheiden.',
  },
  STAFF_GRANT_DECIDED: { status: 409, en: 'This access grant was decided already.', de: 'Über diese Zugriffsfreigabe wurde bereits entschieden.' },
  STAFF_HANDOVER_INVALID: {
    status: 403,
    en: 'This access link is invalid, expired or was used already. Open the site again from the operator console.',
    de: 'Dieser Zugangslink ist ungültig, abgelaufen oder wurde schon verwendet. Öffnen Sie die Website erneut aus der Betreiberkonsole.',
  },
  STAFF_READ_ONLY: {
    status: 403,
    en: 'Read-only support access: nothing can be changed with it.',
    de: 'Lesender Supportzugriff: damit lässt sich nichts ändern.',
  },
  STAFF_SITE_DECIDES: {
    status: 403,
    en: 'Only the site’s own administrators may do this, not the operator’s staff.',
    de: 'Das dürfen nur die eigenen Administratoren der Website, nicht die Mitarbeitenden des Betreibers.',
  },
  STAFF_NO_LASTING_ACCESS: {
    status: 403,
    en: "Operator staff may not create accounts, invitation or password reset links, keys, share links or administrator rights, nor open course content in the player: all of these would outlast the access grant. Ask one of the site's administrators to do it.",
    de: 'Mitarbeitende des Betreibers dürfen keine Konten, Einladungs- oder Passwort-Links, Schlüssel, Freigabelinks oder Administratorrechte anlegen und keine Kursinhalte im Player öffnen: all das würde die Zugriffsfreigabe überdauern. Bitten Sie eine Administratorin oder einen Administrator der Website darum.',
  },
  STAFF_NOT_A_PERSON: {
    status: 403,
    en: "This records its author as one of the site's people (an upload, a course launch, a Space item or comment); operator staff are not. Ask one of the site's administrators to do it.",
    de: 'Dies hält seine Urheberin oder seinen Urheber als Person der Website fest (ein Upload, ein Kursstart, ein Space-Eintrag oder Kommentar); Mitarbeitende des Betreibers sind das nicht. Bitten Sie eine Administratorin oder einen Administrator der Website darum.',
  },
  STAFF_NOT_A_USER: {
    status: 403,
    en: 'Operator staff act on the site, not as one of its users: personal account features are not available to them.',
    de: 'Mitarbeitende des Betreibers handeln auf der Website, nicht als ihre Benutzer: persönliche Kontofunktionen stehen ihnen nicht zur Verfügung.',
  },
} as const satisfies Record<string, CatalogueEntry>;
