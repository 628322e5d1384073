import { escapeHtml, htmlDocument } from '../http/html-page.js';
import type { Language } from '../http/language.js';
import type { MonitorStatus } from './monitor-status.js';

/** The page's own words; the monitor's summaries and messages stay in English (they also go out in alerts). */
const TEXT = {
  en: {
    title: 'Platform status',
    lastCheck: 'Last check',
    never: 'never: is a node with LECTERN_JOBS=true running?',
    components: 'Components',
    component: 'Component',
    status: 'Status',
    message: 'Message',
    checkedAt: 'Checked',
    alerts: 'Current alerts',
    state: 'State',
    severity: 'Severity',
    rule: 'Rule',
    since: 'Since',
    summary: 'Summary',
    noAlerts: 'No alert is pending or firing.',
    noComponents: 'No component has been checked yet.',
    silences: 'Silences',
    until: 'Until',
    by: 'By',
    comment: 'Comment',
    noSilences: 'No silence is active.',
    history: 'History',
    at: 'Time',
    event: 'Event',
    alert: 'Alert',
    noHistory: 'Nothing has happened yet.',
    refresh: 'The monitor checks every 30 seconds by default; reload the page to see its latest round.',
    states: { pending: 'pending', firing: 'firing', silenced: 'silenced' } as Record<string, string>,
    statuses: { ok: 'OK', warning: 'warning', critical: 'critical', unknown: 'unknown' } as Record<string, string>,
  },
  de: {
    title: 'Plattformstatus',
    lastCheck: 'Letzte Prüfung',
    never: 'noch nie: Läuft ein Knoten mit LECTERN_JOBS=true?',
    components: 'Komponenten',
    component: 'Komponente',
    status: 'Status',
    message: 'Meldung',
    checkedAt: 'Geprüft',
    alerts: 'Aktuelle Alarme',
    state: 'Zustand',
    severity: 'Schwere',
    rule: 'Regel',
    since: 'Seit',
    summary: 'Zusammenfassung',
    noAlerts: 'Kein Alarm steht an oder ist ausgelöst.',
    noComponents: 'Noch keine Komponente geprüft.',
    silences: 'Stummschaltungen',
    until: 'Bis',
    by: 'Von',
    comment: 'Kommentar',
    noSilences: 'Keine Stummschaltung aktiv.',
    history: 'Verlauf',
    at: 'Zeit',
    event: 'Ereignis',
    alert: 'Alarm',
    noHistory: 'Noch nichts geschehen.',
    refresh: 'Der Monitor prüft standardmäßig alle 30 Sekunden; laden Sie die Seite neu, um seine letzte Runde zu sehen.',
    states: { pending: 'anstehend', firing: 'ausgelöst', silenced: 'stummgeschaltet' } as Record<string, string>,
    statuses: { ok: 'OK', warning: 'Warnung', critical: 'kritisch', unknown: 'unbekannt' } as Record<string, string>,
  },
} satisfies Record<Language, unknown>;

function table(id: string, caption: string, headers: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<h2 id="${id}">${escapeHtml(caption)}</h2><p>${escapeHtml(empty)}</p>`;
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('\n');
  // A wide table scrolls inside its own region (labelled and focusable, so a keyboard reaches it), never the page.
  return `<h2 id="${id}">${escapeHtml(caption)}</h2>
<div class="scroll" role="region" aria-labelledby="${id}" tabindex="0"><table aria-labelledby="${id}"><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div>`;
}

/**
 * The operators' status page: components, current alerts, silences and the latest history, as
 * plain server-rendered tables (the strict Content Security Policy allows no inline style or
 * script). It does not refresh itself: a page that reloads on a timer takes the place away
 * from someone reading it with a screen reader (WCAG 2.2.1).
 */
export function renderStatusPage(status: MonitorStatus, language: Language): string {
  const t = TEXT[language];
  const word = (map: Record<string, string>, key: string) => map[key] ?? key;
  const components = table(
    'components',
    t.components,
    [t.component, t.status, t.message, t.checkedAt],
    status.components.map((c) => [c.component, word(t.statuses, c.status), c.message, c.checkedAt]),
    t.noComponents,
  );
  const alerts = table(
    'alerts',
    t.alerts,
    [t.alert, t.state, t.severity, t.rule, t.since, t.summary],
    status.alerts.map((a) => [
      a.component,
      word(t.states, a.state === 'firing' && a.silenced ? 'silenced' : a.state),
      word(t.statuses, a.severity),
      a.rule,
      a.firingSince ?? a.activeSince,
      a.summary,
    ]),
    t.noAlerts,
  );
  const silences = table(
    'silences',
    t.silences,
    [t.rule, t.component, t.until, t.by, t.comment],
    status.silences.map((s) => [s.rule, s.component, s.endsAt, s.createdBy, s.comment]),
    t.noSilences,
  );
  const history = table(
    'history',
    t.history,
    [t.at, t.event, t.severity, t.alert, t.summary],
    status.history.map((h) => [h.at, h.event, h.severity ? word(t.statuses, h.severity) : '', h.alertKey, h.summary]),
    t.noHistory,
  );
  return htmlDocument({
    language,
    title: `${t.title} · Lectern`,
    stylesheet: '/operator/status.css',
    body: `<main>
<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.lastCheck)}: ${escapeHtml(status.checkedAt ?? t.never)}. ${escapeHtml(t.refresh)}</p>
${alerts}
${components}
${silences}
${history}
</main>`,
  });
}

/** The page's styles, served from the same origin (the CSP allows no inline style): readable at 390 px, wide tables scroll in their region. */
export const STATUS_PAGE_STYLE = `body { margin: 0; font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1b1f; background: #fff; }
main { max-width: 80rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
p { overflow-wrap: anywhere; }
.scroll { overflow-x: auto; max-width: 100%; }
.scroll:focus-visible { outline: 3px solid #1864ab; outline-offset: 2px; }
table { border-collapse: collapse; min-width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.5rem; border-bottom: 1px solid #ced4da; }
thead th { border-bottom: 2px solid #495057; }
`;
