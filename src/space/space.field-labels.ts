import type { FieldLabels } from '../platform/http/index.js';

/** Space's fields, by the name the API gives them (the platform words refusals with them). */
export const spaceFieldLabels: FieldLabels = {
  allowDownload: { en: 'Allow downloading', de: 'Herunterladen erlauben' },
  audience: { en: 'Who may open the link', de: 'Wer den Link öffnen darf' },
  download: { en: 'Download', de: 'Herunterladen' },
  embedOrigins: { en: 'Sites that may embed the link', de: 'Websites, die den Link einbetten dürfen' },
  expiresAt: { en: 'Expires', de: 'Läuft ab' },
  entries: { en: 'Access entries', de: 'Zugriffseinträge' },
  fileKind: { en: 'File type', de: 'Dateiart' },
  folderId: { en: 'Folder', de: 'Ordner' },
  itemId: { en: 'File', de: 'Datei' },
  kind: { en: 'Kind', de: 'Art' },
  number: { en: 'Version', de: 'Version' },
  ownerId: { en: 'Owner', de: 'Eigentümer' },
  quotaBytes: { en: 'Storage quota (bytes)', de: 'Speicherkontingent (Bytes)' },
  restricted: { en: 'Restricted', de: 'Eingeschränkt' },
  scope: { en: 'Search scope', de: 'Suchbereich' },
  seatLimit: { en: 'Author seats', de: 'Autorenplätze' },
  space: { en: 'Space', de: 'Space' },
  tag: { en: 'Tag', de: 'Schlagwort' },
  updatedFrom: { en: 'Changed from', de: 'Geändert ab' },
  updatedTo: { en: 'Changed before', de: 'Geändert vor' },
  version: { en: 'Version', de: 'Version' },
};
