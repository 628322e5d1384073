import type { CatalogueEntry } from '../../platform/http/index.js';

/**
 * Codes of course-package import. `LEARN_ZIP_*` are thrown while unpacking (the offending
 * entry is named in `fields`); `LEARN_MANIFEST_*` and `LEARN_PACKAGE_NO_MANIFEST` are the
 * errors of a validation report, which reaches the client inside `LEARN_PACKAGE_INVALID`.
 */
export const packageErrors = {
  LEARN_ZIP_NOT_A_ZIP: {
    status: 400,
    en: 'The file is not a zip archive.',
    de: 'Die Datei ist kein Zip-Archiv.',
  },
  LEARN_ZIP_CORRUPT: {
    status: 400,
    en: 'The zip archive is damaged or incomplete (perhaps the upload was cut off).',
    de: 'Das Zip-Archiv ist beschädigt oder unvollständig (vielleicht wurde das Hochladen abgebrochen).',
  },
  LEARN_ZIP_PATH_TRAVERSAL: {
    status: 400,
    en: 'The zip archive contains a file whose path leads out of the package ("..").',
    de: 'Das Zip-Archiv enthält eine Datei, deren Pfad aus dem Paket hinausführt („..“).',
  },
  LEARN_ZIP_ABSOLUTE_PATH: {
    status: 400,
    en: 'The zip archive contains a file with an absolute path.',
    de: 'Das Zip-Archiv enthält eine Datei mit einem absoluten Pfad.',
  },
  LEARN_ZIP_INVALID_NAME: {
    status: 400,
    en: 'The zip archive contains a file name with control characters or without any name.',
    de: 'Das Zip-Archiv enthält einen Dateinamen mit Steuerzeichen oder ohne Namen.',
  },
  LEARN_ZIP_PATH_TOO_LONG: {
    status: 400,
    en: 'The zip archive contains a path that is too long or nested too deeply.',
    de: 'Das Zip-Archiv enthält einen Pfad, der zu lang oder zu tief verschachtelt ist.',
  },
  LEARN_ZIP_SYMLINK: {
    status: 400,
    en: 'The zip archive contains a symbolic link; packages may contain only files and folders.',
    de: 'Das Zip-Archiv enthält einen symbolischen Link; Pakete dürfen nur Dateien und Ordner enthalten.',
  },
  LEARN_ZIP_ENCRYPTED: {
    status: 400,
    en: 'The zip archive contains an encrypted file. Upload it without a password.',
    de: 'Das Zip-Archiv enthält eine verschlüsselte Datei. Laden Sie es ohne Passwort hoch.',
  },
  LEARN_ZIP_UNSUPPORTED_METHOD: {
    status: 400,
    en: 'The zip archive uses a compression method other than "stored" or "deflate". Create it again with standard zip settings.',
    de: 'Das Zip-Archiv verwendet eine andere Kompression als „stored“ oder „deflate“. Erstellen Sie es mit Standardeinstellungen neu.',
  },
  LEARN_ZIP_DUPLICATE_NAME: {
    status: 400,
    en: 'The zip archive contains two files whose names differ only in upper/lower case or Unicode form.',
    de: 'Das Zip-Archiv enthält zwei Dateien, deren Namen sich nur in Groß-/Kleinschreibung oder Unicode-Form unterscheiden.',
  },
  LEARN_ZIP_TOO_LARGE: {
    status: 413,
    en: 'The unpacked package, or one file in it, is larger than allowed.',
    de: 'Das entpackte Paket oder eine Datei darin ist größer als erlaubt.',
  },
  LEARN_ZIP_TOO_MANY_FILES: {
    status: 413,
    en: 'The zip archive contains more files than allowed.',
    de: 'Das Zip-Archiv enthält mehr Dateien als erlaubt.',
  },
  LEARN_ZIP_RATIO: {
    status: 400,
    en: 'The zip archive expands far more than real content does (a zip bomb) and was refused.',
    de: 'Das Zip-Archiv wird beim Entpacken weit größer als echte Inhalte (eine Zip-Bombe) und wurde abgelehnt.',
  },
  LEARN_PACKAGE_INVALID: {
    status: 400,
    en: 'The package has errors and was not imported. Each error is listed.',
    de: 'Das Paket enthält Fehler und wurde nicht importiert. Jeder Fehler ist aufgeführt.',
  },
  LEARN_PACKAGE_NO_MANIFEST: {
    status: 400,
    en: 'There is no imsmanifest.xml at the top level of the zip archive. Zip the contents of the course folder, not the folder itself.',
    de: 'Auf der obersten Ebene des Zip-Archivs liegt keine imsmanifest.xml. Packen Sie den Inhalt des Kursordners, nicht den Ordner selbst.',
  },
  LEARN_PACKAGE_MANIFEST_TOO_DEEP: {
    status: 400,
    en: 'imsmanifest.xml is neither at the top level of the zip archive nor in its only folder. Zip the course folder, or its contents, and nothing beside it.',
    de: 'imsmanifest.xml liegt weder auf der obersten Ebene des Zip-Archivs noch in dessen einzigem Ordner. Packen Sie den Kursordner oder seinen Inhalt, und nichts daneben.',
  },
  LEARN_PACKAGE_AICC: {
    status: 400,
    en: 'This is an AICC package (it has .au, .crs, .des or .cst course files). Lectern does not import AICC packages yet. Export the course as SCORM 1.2 or SCORM 2004 instead.',
    de: 'Dies ist ein AICC-Paket (es enthält Kursdateien .au, .crs, .des oder .cst). Lectern importiert AICC-Pakete noch nicht. Exportieren Sie den Kurs stattdessen als SCORM 1.2 oder SCORM 2004.',
  },
  LEARN_MANIFEST_TOO_LARGE: {
    status: 400,
    en: 'imsmanifest.xml is larger than allowed.',
    de: 'imsmanifest.xml ist größer als erlaubt.',
  },
  LEARN_MANIFEST_DOCTYPE: {
    status: 400,
    en: 'imsmanifest.xml contains a DOCTYPE or ENTITY declaration, which is not accepted.',
    de: 'imsmanifest.xml enthält eine DOCTYPE- oder ENTITY-Deklaration; das wird nicht angenommen.',
  },
  LEARN_MANIFEST_NOT_WELL_FORMED: {
    status: 400,
    en: 'imsmanifest.xml is not well-formed XML.',
    de: 'imsmanifest.xml ist kein wohlgeformtes XML.',
  },
  LEARN_MANIFEST_NOT_A_MANIFEST: {
    status: 400,
    en: 'imsmanifest.xml does not have <manifest> as its root element.',
    de: 'imsmanifest.xml hat nicht <manifest> als Wurzelelement.',
  },
  LEARN_MANIFEST_NO_CONTENT: {
    status: 400,
    en: 'The package has nothing to launch: no organization with a launchable item and no SCO.',
    de: 'Das Paket enthält nichts Startbares: keine Organisation mit startbarem Element und kein SCO.',
  },
  LEARN_MANIFEST_MISSING_IDENTIFIER: {
    status: 400,
    en: 'An organization, item or resource has no identifier.',
    de: 'Eine Organisation, ein Element oder eine Ressource hat keinen Bezeichner (identifier).',
  },
  LEARN_MANIFEST_DUPLICATE_IDENTIFIER: {
    status: 400,
    en: 'The same identifier is used more than once.',
    de: 'Derselbe Bezeichner (identifier) wird mehrfach verwendet.',
  },
  LEARN_MANIFEST_UNKNOWN_RESOURCE: {
    status: 400,
    en: 'An item refers (identifierref) to a resource that does not exist.',
    de: 'Ein Element verweist (identifierref) auf eine Ressource, die es nicht gibt.',
  },
  LEARN_MANIFEST_NO_LAUNCH: {
    status: 400,
    en: 'An item refers to a resource without a launch file (href).',
    de: 'Ein Element verweist auf eine Ressource ohne Startdatei (href).',
  },
  LEARN_MANIFEST_OUTSIDE_PACKAGE: {
    status: 400,
    en: 'The manifest refers to a file outside the package (".." or an absolute path).',
    de: 'Das Manifest verweist auf eine Datei außerhalb des Pakets („..“ oder ein absoluter Pfad).',
  },
  LEARN_MANIFEST_EXTERNAL_SCO: {
    status: 400,
    en: 'A SCO is launched from another web site; SCOs must be inside the package to talk to the LMS.',
    de: 'Ein SCO wird von einer anderen Website gestartet; SCOs müssen im Paket liegen, um mit dem LMS zu kommunizieren.',
  },
  LEARN_MANIFEST_LAUNCH_MISSING: {
    status: 400,
    en: 'A launch file named in the manifest is not in the zip archive.',
    de: 'Eine im Manifest genannte Startdatei ist nicht im Zip-Archiv.',
  },
  LEARN_MANIFEST_UNKNOWN_SEQUENCING: {
    status: 400,
    en: 'A sequencing definition refers (IDRef) to an entry of the sequencing collection that does not exist.',
    de: 'Eine Ablaufsteuerung verweist (IDRef) auf einen Eintrag der Sequencing-Collection, den es nicht gibt.',
  },
  LEARN_TINCAN_TOO_LARGE: {
    status: 400,
    en: 'tincan.xml is larger than allowed.',
    de: 'tincan.xml ist größer als erlaubt.',
  },
  LEARN_TINCAN_DOCTYPE: {
    status: 400,
    en: 'tincan.xml contains a DOCTYPE or ENTITY declaration, which is not accepted.',
    de: 'tincan.xml enthält eine DOCTYPE- oder ENTITY-Deklaration; das wird nicht angenommen.',
  },
  LEARN_TINCAN_NOT_WELL_FORMED: {
    status: 400,
    en: 'tincan.xml is not well-formed XML.',
    de: 'tincan.xml ist kein wohlgeformtes XML.',
  },
  LEARN_TINCAN_NOT_TINCAN: {
    status: 400,
    en: 'tincan.xml does not have <tincan> as its root element.',
    de: 'tincan.xml hat nicht <tincan> als Wurzelelement.',
  },
  LEARN_TINCAN_NO_LAUNCH: {
    status: 400,
    en: 'tincan.xml names no activity to launch (no activity with a <launch> file).',
    de: 'tincan.xml nennt keine startbare Aktivität (keine Aktivität mit einer <launch>-Datei).',
  },
  LEARN_TINCAN_ACTIVITY_ID: {
    status: 400,
    en: 'The id of the launched activity in tincan.xml is not an absolute IRI (such as https://example.com/course).',
    de: 'Die id der gestarteten Aktivität in tincan.xml ist keine absolute IRI (etwa https://example.com/course).',
  },
  LEARN_TINCAN_LAUNCH_OUTSIDE: {
    status: 400,
    en: 'The launch file in tincan.xml is not a file inside the package (another web site, ".." or an absolute path).',
    de: 'Die Startdatei in tincan.xml ist keine Datei im Paket (eine andere Website, „..“ oder ein absoluter Pfad).',
  },
  LEARN_TINCAN_LAUNCH_MISSING: {
    status: 400,
    en: 'The launch file named in tincan.xml is not in the zip archive.',
    de: 'Die in tincan.xml genannte Startdatei ist nicht im Zip-Archiv.',
  },
  LEARN_CMI5_TOO_LARGE: {
    status: 400,
    en: "cmi5.xml is larger than allowed.",
    de: "cmi5.xml ist größer als erlaubt.",
  },
  LEARN_CMI5_DOCTYPE: {
    status: 400,
    en: "cmi5.xml contains a DOCTYPE or ENTITY declaration, which is not accepted.",
    de: "cmi5.xml enthält eine DOCTYPE- oder ENTITY-Deklaration; das wird nicht angenommen.",
  },
  LEARN_CMI5_NOT_WELL_FORMED: {
    status: 400,
    en: "cmi5.xml is not well-formed XML.",
    de: "cmi5.xml ist kein wohlgeformtes XML.",
  },
  LEARN_CMI5_NOT_COURSE_STRUCTURE: {
    status: 400,
    en: "cmi5.xml does not have <courseStructure> as its root element.",
    de: "cmi5.xml hat nicht <courseStructure> als Wurzelelement.",
  },
  LEARN_CMI5_NO_COURSE: {
    status: 400,
    en: "cmi5.xml has no <course> element.",
    de: "cmi5.xml hat kein <course>-Element.",
  },
  LEARN_CMI5_ID: {
    status: 400,
    en: "An id in cmi5.xml (of the course, a block, an AU or an objective) is not an absolute IRI (such as https://example.com/course).",
    de: "Eine id in cmi5.xml (des Kurses, eines Blocks, einer AU oder eines Lernziels) ist keine absolute IRI (etwa https://example.com/course).",
  },
  LEARN_CMI5_DUPLICATE_ID: {
    status: 400,
    en: "An id appears twice in cmi5.xml; the course, each block, AU and objective need an id of their own.",
    de: "Eine id kommt in cmi5.xml zweimal vor; Kurs, Blöcke, AUs und Lernziele brauchen je eine eigene.",
  },
  LEARN_CMI5_NO_AU: {
    status: 400,
    en: "cmi5.xml names no AU (assignable unit) to launch.",
    de: "cmi5.xml nennt keine startbare AU (Lerneinheit).",
  },
  LEARN_CMI5_TOO_MANY: {
    status: 400,
    en: "cmi5.xml has more blocks and AUs than Lectern accepts.",
    de: "cmi5.xml hat mehr Blöcke und AUs, als Lectern annimmt.",
  },
  LEARN_CMI5_AU_URL: {
    status: 400,
    en: "An AU's url in cmi5.xml is neither a file inside the package nor an http(s) address.",
    de: "Die url einer AU in cmi5.xml ist weder eine Datei im Paket noch eine http(s)-Adresse.",
  },
  LEARN_CMI5_AU_URL_PARAMETER: {
    status: 400,
    en: "An AU's url in cmi5.xml uses a query parameter the launch adds itself (endpoint, fetch, actor, registration, activityId).",
    de: "Die url einer AU in cmi5.xml verwendet einen Abfrageparameter, den der Start selbst setzt (endpoint, fetch, actor, registration, activityId).",
  },
  LEARN_CMI5_AU_MISSING: {
    status: 400,
    en: "A file an AU's url names in cmi5.xml is not in the zip archive.",
    de: "Eine Datei, die die url einer AU in cmi5.xml nennt, ist nicht im Zip-Archiv.",
  },
  LEARN_CMI5_AU_NOT_ABSOLUTE: {
    status: 400,
    en: 'A course structure uploaded without a zip archive (cmi5.xml alone) names each AU by an absolute http(s) address; this url is relative.',
    de: 'Eine ohne Zip-Archiv hochgeladene Kursstruktur (cmi5.xml allein) nennt jede AU mit einer absoluten http(s)-Adresse; diese url ist relativ.',
  },
  LEARN_CMI5_MOVE_ON: {
    status: 400,
    en: "An AU\"s moveOn in cmi5.xml is not one of Passed, Completed, CompletedAndPassed, CompletedOrPassed, NotApplicable.",
    de: "Das moveOn einer AU in cmi5.xml ist keiner der Werte Passed, Completed, CompletedAndPassed, CompletedOrPassed, NotApplicable.",
  },
  LEARN_CMI5_MASTERY_SCORE: {
    status: 400,
    en: "An AU\"s masteryScore in cmi5.xml is not a number from 0 to 1.",
    de: "Der masteryScore einer AU in cmi5.xml ist keine Zahl von 0 bis 1.",
  },
  LEARN_CMI5_LAUNCH_METHOD: {
    status: 400,
    en: "An AU\"s launchMethod in cmi5.xml is neither AnyWindow nor OwnWindow.",
    de: "Die launchMethod einer AU in cmi5.xml ist weder AnyWindow noch OwnWindow.",
  },
} as const satisfies Record<string, CatalogueEntry>;

export type PackageErrorCode = keyof typeof packageErrors;

/** Problems that do not stop an import; shown to the uploader with the report. */
export const packageWarnings = {
  LEARN_MANIFEST_UNUSED_RESOURCE: {
    en: 'A resource is listed but no item uses it.',
    de: 'Eine Ressource ist aufgeführt, wird aber von keinem Element verwendet.',
  },
  LEARN_MANIFEST_FILE_MISSING: {
    en: 'A file listed in the manifest is not in the zip archive.',
    de: 'Eine im Manifest aufgeführte Datei ist nicht im Zip-Archiv.',
  },
  LEARN_MANIFEST_UNKNOWN_VERSION: {
    en: 'The SCORM version (schemaversion) is missing or unknown; the version was inferred from the namespaces.',
    de: 'Die SCORM-Version (schemaversion) fehlt oder ist unbekannt; sie wurde aus den Namensräumen abgeleitet.',
  },
  LEARN_MANIFEST_MISSING_TITLE: {
    en: 'A title is missing; the identifier is shown instead.',
    de: 'Ein Titel fehlt; stattdessen wird der Bezeichner angezeigt.',
  },
  LEARN_MANIFEST_EXTERNAL_REFERENCE: {
    en: 'An asset or file is loaded from another web site; it will not work offline and that site sees the learners.',
    de: 'Ein Asset oder eine Datei wird von einer anderen Website geladen; das funktioniert nicht offline, und diese Website sieht die Lernenden.',
  },
  LEARN_MANIFEST_NO_ORGANIZATION: {
    en: 'The manifest has no organization; one item per SCO was created in manifest order.',
    de: 'Das Manifest hat keine Organisation; für jedes SCO wurde ein Element in der Reihenfolge des Manifests angelegt.',
  },
  LEARN_MANIFEST_UNKNOWN_DEFAULT_ORGANIZATION: {
    en: 'The default organization does not exist; the first organization is used.',
    de: 'Die Standard-Organisation gibt es nicht; die erste Organisation wird verwendet.',
  },
  LEARN_MANIFEST_BASE_WITHOUT_SLASH: {
    en: 'An xml:base does not end with "/"; it was taken as a folder.',
    de: 'Ein xml:base endet nicht mit „/“; es wurde als Ordner verstanden.',
  },
  LEARN_MANIFEST_INVALID_VALUE: {
    en: 'A value in the manifest is invalid and was ignored (the default applies).',
    de: 'Ein Wert im Manifest ist ungültig und wurde ignoriert (es gilt der Standardwert).',
  },
  LEARN_MANIFEST_UNKNOWN_NAMESPACE: {
    en: 'The manifest does not use a known IMS content packaging namespace.',
    de: 'Das Manifest verwendet keinen bekannten IMS-Content-Packaging-Namensraum.',
  },
  LEARN_MANIFEST_SCORMTYPE_MISSING: {
    en: 'A resource has no scormType; it is treated as an asset.',
    de: 'Eine Ressource hat keinen scormType; sie wird als Asset behandelt.',
  },
  LEARN_MANIFEST_UNKNOWN_DEPENDENCY: {
    en: 'A resource depends on a resource that does not exist.',
    de: 'Eine Ressource hängt von einer Ressource ab, die es nicht gibt.',
  },
  LEARN_MANIFEST_PARAMETERS_IGNORED: {
    en: 'The launch address has a fragment (#) already; the fragment in "parameters" was ignored.',
    de: 'Die Startadresse hat bereits ein Fragment (#); das Fragment in „parameters“ wurde ignoriert.',
  },
  LEARN_MANIFEST_SUBMANIFEST_IGNORED: {
    en: 'Nested (sub-)manifests are not supported and were ignored.',
    de: 'Verschachtelte (Unter-)Manifeste werden nicht unterstützt und wurden ignoriert.',
  },
  LEARN_MANIFEST_ONLY_ASSETS: {
    en: 'No item of the course is a SCO: nothing in it reports progress to Lectern. Each item counts as completed once the learner has opened it.',
    de: 'Kein Element des Kurses ist ein SCO: nichts darin meldet Lectern einen Fortschritt. Jedes Element gilt als abgeschlossen, sobald die Lernenden es geöffnet haben.',
  },
  LEARN_PACKAGE_ORIGIN_BLOCKED: {
    en: 'The course loads content from other sites that this site does not allow; learners will see it blocked. An administrator can allow them in Settings → Course content:',
    de: 'Der Kurs lädt Inhalte von anderen Websites, die diese Site nicht erlaubt; Lernende sehen sie blockiert. Eine Administratorin oder ein Administrator kann sie unter Einstellungen → Kursinhalte erlauben:',
  },
  LEARN_PACKAGE_ORIGIN_ALLOWED: {
    en: 'The course loads content from other sites that this site allows (those sites see the learners):',
    de: 'Der Kurs lädt Inhalte von anderen Websites, die diese Site erlaubt (diese Websites sehen die Lernenden):',
  },
  LEARN_PACKAGE_ORIGIN_INSECURE: {
    en: 'The course loads content over unencrypted http:, which browsers block in a course served over HTTPS and which cannot be allowed:',
    de: 'Der Kurs lädt Inhalte über unverschlüsseltes http:, das Browser in einem über HTTPS ausgelieferten Kurs blockieren und das nicht erlaubt werden kann:',
  },
  LEARN_PACKAGE_ORIGINS_MORE: {
    en: 'The course reaches more sites than are listed; the number not listed:',
    de: 'Der Kurs erreicht mehr Websites als aufgeführt; Anzahl der nicht aufgeführten:',
  },
  LEARN_PACKAGE_NEEDS_FLASH: {
    en: 'The course uses Flash (.swf), which no current browser plays; those parts will not work.',
    de: 'Der Kurs verwendet Flash (.swf), das kein aktueller Browser abspielt; diese Teile funktionieren nicht.',
  },
  LEARN_PACKAGE_ORIGIN_SCAN_INCOMPLETE: {
    en: 'The package is too large to check completely for content from other sites; it may load more than is listed.',
    de: 'Das Paket ist zu groß, um es vollständig auf Inhalte von anderen Websites zu prüfen; es lädt vielleicht mehr als aufgeführt.',
  },
  LEARN_MANIFEST_CLUSTER_WITH_RESOURCE: {
    en: 'An item has child items and a resource; in SCORM 2004 only leaf items launch content.',
    de: 'Ein Element hat Unterelemente und eine Ressource; in SCORM 2004 starten nur Blatt-Elemente Inhalte.',
  },
} as const satisfies Record<string, { en: string; de: string }>;

export type PackageWarningCode = keyof typeof packageWarnings;
