import type { CatalogueEntry } from '../platform/http/index.js';

/** Codes of the Space area: the workspace's people and the library. */
export const spaceWorkspaceErrors = {
  SPACE_NOT_MEMBER: { status: 403, en: 'You are not a member of this Space. Ask a Space administrator to add you.', de: 'Sie sind kein Mitglied dieses Space. Bitten Sie eine Space-Administration, Sie hinzuzufügen.' },
  SPACE_SEATS_FULL: { status: 409, en: 'Every author seat is taken. A site administrator can raise the seat limit, or give the person the commentator role.', de: 'Alle Autorenplätze sind belegt. Eine Administration der Website kann die Zahl erhöhen, oder Sie geben der Person die Rolle „Kommentieren“.' },
  SPACE_MEMBER_NOT_FOUND: { status: 404, en: 'This person is not a member of the Space.', de: 'Diese Person ist kein Mitglied des Space.' },
  SPACE_USER_NOT_FOUND: { status: 404, en: 'There is no such user on this site.', de: 'Diese Person gibt es auf dieser Website nicht.' },
  SPACE_ROLE_ABOVE_OWN: { status: 403, en: 'You cannot give a role above your own.', de: 'Sie können keine Rolle vergeben, die über Ihrer eigenen liegt.' },
} as const satisfies Record<string, CatalogueEntry>;

export const spaceLibraryErrors = {
  SPACE_ITEM_NOT_FOUND: { status: 404, en: 'There is no such item in the library.', de: 'Diesen Eintrag gibt es in der Bibliothek nicht.' },
  SPACE_NOT_A_FOLDER: { status: 422, en: 'Only a folder or a project can hold items.', de: 'Nur ein Ordner oder ein Projekt kann Einträge enthalten.' },
  SPACE_NOT_A_FILE: { status: 422, en: 'Only a file has versions and content.', de: 'Nur eine Datei hat Versionen und Inhalt.' },
  SPACE_MOVE_INTO_ITSELF: { status: 422, en: 'A folder cannot be moved into itself or into a folder inside it.', de: 'Ein Ordner kann nicht in sich selbst oder einen Ordner darin verschoben werden.' },
  SPACE_ITEM_IN_TRASH: { status: 409, en: 'The item is in the trash. Restore it first.', de: 'Der Eintrag ist im Papierkorb. Stellen Sie ihn zuerst wieder her.' },
  SPACE_ITEM_NOT_IN_TRASH: { status: 409, en: 'The item is not in the trash.', de: 'Der Eintrag ist nicht im Papierkorb.' },
  SPACE_VERSION_NOT_FOUND: { status: 404, en: 'The file has no such version.', de: 'Diese Version der Datei gibt es nicht.' },
  SPACE_QUOTA_EXCEEDED: { status: 413, en: 'The Space has not enough storage left for this file. Delete files from the trash, or ask a site administrator for more.', de: 'Der Space hat für diese Datei nicht genug Speicher frei. Leeren Sie den Papierkorb, oder bitten Sie die Administration um mehr.' },
  SPACE_FILE_TOO_LARGE: { status: 413, en: 'The file is larger than a single file may be.', de: 'Die Datei ist größer als eine einzelne Datei sein darf.' },
  SPACE_FILE_TYPE_MISMATCH: { status: 415, en: "The file's content does not match its name's extension.", de: 'Der Inhalt der Datei passt nicht zur Endung ihres Namens.' },
  SPACE_FILE_TYPE_REFUSED: { status: 415, en: 'Files of this type cannot be stored in the library.', de: 'Dateien dieser Art können nicht in der Bibliothek gespeichert werden.' },
  SPACE_UPLOAD_NOT_FOUND: { status: 404, en: 'There is no such upload (or it has expired).', de: 'Diesen Upload gibt es nicht (oder er ist abgelaufen).' },
  SPACE_UPLOAD_CLOSED: { status: 409, en: 'The upload takes no more bytes.', de: 'Der Upload nimmt keine Daten mehr an.' },
  SPACE_UPLOAD_RANGE_INVALID: { status: 416, en: 'The Content-Range of the chunk is not valid for this upload.', de: 'Der Content-Range des Teilstücks passt nicht zu diesem Upload.' },
  SPACE_UPLOAD_GAP: { status: 409, en: 'The chunk starts too far after the bytes received so far; continue from receivedBytes.', de: 'Das Teilstück beginnt zu weit hinter den bisher empfangenen Daten; setzen Sie bei receivedBytes fort.' },
  SPACE_UPLOAD_INCOMPLETE: { status: 409, en: 'Not every byte of the file has arrived yet.', de: 'Noch sind nicht alle Daten der Datei angekommen.' },
  SPACE_RANGE_NOT_SATISFIABLE: { status: 416, en: 'The requested range is outside the file.', de: 'Der angefragte Bereich liegt außerhalb der Datei.' },
  SPACE_ACCESS_ENTRY_UNKNOWN: { status: 422, en: 'An access entry names a person who is not a Space member, or a group that does not exist.', de: 'Ein Zugriffseintrag nennt eine Person, die nicht Mitglied des Space ist, oder eine Gruppe, die es nicht gibt.' },
  SPACE_NOT_A_COURSE: { status: 422, en: 'Only a course package (SCORM, xAPI or cmi5) can be published to Learn.', de: 'Nur ein Kurspaket (SCORM, xAPI oder cmi5) kann in Learn veröffentlicht werden.' },
  SPACE_NO_THUMBNAIL: { status: 404, en: 'This file has no small picture.', de: 'Diese Datei hat kein Vorschaubild.' },
  SPACE_THUMBNAIL_NOT_TAKEN: { status: 422, en: 'Only a video or a PDF takes a small picture from the browser (an image gets its own from the server).', de: 'Nur ein Video oder ein PDF nimmt ein Vorschaubild vom Browser an (ein Bild bekommt seines vom Server).' },
  SPACE_THUMBNAIL_NOT_AN_IMAGE: { status: 415, en: 'A small picture must be a PNG, JPEG or WebP picture.', de: 'Ein Vorschaubild muss ein PNG-, JPEG- oder WebP-Bild sein.' },
  SPACE_PREVIEW_NOT_A_COURSE: { status: 422, en: 'Only a course package (SCORM, xAPI or cmi5) plays in the course player.', de: 'Nur ein Kurspaket (SCORM, xAPI oder cmi5) läuft im Kursplayer.' },
  SPACE_PUBLISH_NEEDS_LEARN_ROLE: { status: 403, en: 'Publishing to Learn needs the right to publish courses there (instructors and administrators).', de: 'Zum Veröffentlichen in Learn brauchen Sie dort das Recht, Kurse zu veröffentlichen (Lehrende und Administration).' },
  SPACE_SHARE_NOT_FOUND: { status: 404, en: 'This link does not exist, or no longer works.', de: 'Diesen Link gibt es nicht, oder er gilt nicht mehr.' },
  SPACE_SHARE_PASSWORD_REQUIRED: { status: 401, en: 'This link is protected by a password.', de: 'Dieser Link ist durch ein Passwort geschützt.' },
  SPACE_SHARE_PASSWORD_WRONG: { status: 401, en: 'The password is not right.', de: 'Das Passwort stimmt nicht.' },
  SPACE_SHARE_RECIPIENT_REQUIRED: { status: 401, en: 'This link is for named people: confirm your e-mail address with the code we send to it.', de: 'Dieser Link ist für bestimmte Personen: Bestätigen Sie Ihre E-Mail-Adresse mit dem Code, den wir an sie schicken.' },
  SPACE_SHARE_CODE_WRONG: { status: 401, en: 'The code is not right, or no longer valid.', de: 'Der Code stimmt nicht oder gilt nicht mehr.' },
  SPACE_SHARE_RECIPIENTS_REQUIRED: { status: 422, en: 'A link for named people needs at least one e-mail address.', de: 'Ein Link für bestimmte Personen braucht mindestens eine E-Mail-Adresse.' },
  SPACE_SHARE_RECIPIENTS_NOT_NAMED: { status: 422, en: 'Only a link for named people has recipients.', de: 'Nur ein Link für bestimmte Personen hat Empfänger.' },
  SPACE_SHARE_SIGN_IN_REQUIRED: { status: 401, en: "This link is for the site's users: please sign in.", de: 'Dieser Link ist für die Personen dieser Website: Bitte melden Sie sich an.' },
  SPACE_SHARE_NO_DOWNLOAD: { status: 403, en: 'This link does not allow downloading.', de: 'Dieser Link erlaubt kein Herunterladen.' },
  SPACE_SHARE_EXPIRY_PAST: { status: 422, en: 'The expiry date must be in the future.', de: 'Das Ablaufdatum muss in der Zukunft liegen.' },
  SPACE_ATTACHMENT_NOT_AN_IMAGE: { status: 415, en: 'An attachment must be a PNG, JPEG, GIF or WebP picture (a screenshot).', de: 'Ein Anhang muss ein PNG-, JPEG-, GIF- oder WebP-Bild sein (ein Bildschirmfoto).' },
  SPACE_ATTACHMENT_TOO_LARGE: { status: 413, en: 'An attachment may have at most 10 MB.', de: 'Ein Anhang darf höchstens 10 MB groß sein.' },
  SPACE_ATTACHMENT_NOT_FOUND: { status: 404, en: 'There is no such attachment, or it is on a comment already.', de: 'Diesen Anhang gibt es nicht, oder er gehört schon zu einem Kommentar.' },
  SPACE_COMMENT_NOT_FOUND: { status: 404, en: 'There is no such comment.', de: 'Diesen Kommentar gibt es nicht.' },
  SPACE_ANCHOR_NOT_FOR_FILE: { status: 422, en: 'A comment on this kind of file cannot be anchored there (a time fits a video or audio, a page a PDF, a region an image, a slide a course).', de: 'Ein Kommentar zu dieser Art Datei kann dort nicht verankert werden (eine Zeit passt zu Video oder Audio, eine Seite zu einem PDF, ein Bereich zu einem Bild, eine Folie zu einem Kurs).' },
  SPACE_MENTION_UNKNOWN: { status: 422, en: 'Only members who can see the file can be mentioned.', de: 'Erwähnt werden können nur Mitglieder, die die Datei sehen können.' },
  SPACE_REVIEW_DUE_PAST: { status: 422, en: 'The due date must be in the future.', de: 'Das Fälligkeitsdatum muss in der Zukunft liegen.' },
  SPACE_REVIEWER_UNKNOWN: { status: 422, en: 'Only members who can see and comment on the file can review it.', de: 'Ein Review können nur Mitglieder machen, die die Datei sehen und kommentieren können.' },
  SPACE_REVIEW_NO_REVIEWERS: { status: 422, en: 'Ask at least one member or guest to review.', de: 'Bitten Sie mindestens ein Mitglied oder einen Gast um ein Review.' },
  SPACE_GUEST_REVIEW_NOT_FOUND: { status: 404, en: 'This review link does not exist, or no longer works.', de: 'Diesen Review-Link gibt es nicht, oder er gilt nicht mehr.' },
  SPACE_GUEST_COMMENT_INVALID: { status: 422, en: 'Write a comment of up to 5,000 characters.', de: 'Schreiben Sie einen Kommentar mit bis zu 5.000 Zeichen.' },
  SPACE_GUEST_TIME_INVALID: { status: 422, en: 'Give the moment as minutes:seconds, such as 1:05.', de: 'Geben Sie den Zeitpunkt als Minuten:Sekunden an, etwa 1:05.' },
  SPACE_GUEST_PAGE_INVALID: { status: 422, en: 'Give the page as a number from 1.', de: 'Geben Sie die Seite als Zahl ab 1 an.' },
  SPACE_GUEST_NOT_ON_REQUEST: { status: 404, en: 'This guest is not on the review request (any more).', de: 'Dieser Gast gehört nicht (mehr) zur Review-Anfrage.' },
  SPACE_GUEST_LINK_SENT_RECENTLY: { status: 429, en: 'The link was sent to this guest less than a minute ago. Try again in a minute.', de: 'Der Link ging vor weniger als einer Minute an diesen Gast. Versuchen Sie es in einer Minute erneut.' },
  SPACE_REVIEW_REQUEST_NOT_FOUND: { status: 404, en: 'There is no such review request for you.', de: 'Diese Review-Anfrage gibt es für Sie nicht.' },
} as const satisfies Record<string, CatalogueEntry>;

/** The error codes of the Space area in the app's catalogue. */
export const spaceErrorFragments = { spaceWorkspaceErrors, spaceLibraryErrors };

declare module '../platform/http/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ErrorCatalogue extends SpaceErrors {}
}
type SpaceErrors = typeof spaceWorkspaceErrors & typeof spaceLibraryErrors;
