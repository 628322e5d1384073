import { escapeHtml as e, htmlDocument } from '../../../http/html-page.js';
import type { Language } from '../../../http/language.js';
import type { GrantWithTenant } from '../staff-grants.repository.js';
import { CONSOLE_TEXT, type ConsoleText } from './console-text.js';

export const CONSOLE_STYLE = `body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
header{background:#1f2a44;color:#fff;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between}
header a,header button{color:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
form.stack{display:grid;gap:.5rem;max-width:28rem}
label{font-weight:600}
input,select,textarea{font:inherit;padding:.4rem;border:1px solid #595959;border-radius:4px}
button{font:inherit;padding:.4rem .9rem;border-radius:4px;border:1px solid #1f2a44;background:#1f2a44;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1f2a44}
.scroll{overflow-x:auto;position:relative}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ccc;vertical-align:top}
.error{color:#a40000;font-weight:600}
code{word-break:break-all}
.inline{display:inline}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;

function layout(t: ConsoleText, language: Language, title: string, body: string, signedIn: boolean): string {
  const nav = signedIn
    ? `<nav aria-label="${e(t.console)}"><a href="/operator/status">${e(t.platformStatus)}</a> <form class="inline" method="post" action="/operator/sign-out"><button type="submit" class="secondary">${e(t.signOut)}</button></form></nav>`
    : '';
  return htmlDocument({
    language,
    title: `${title} · ${t.console}`,
    stylesheet: '/operator/console.css',
    body: `<header><span>${e(t.console)}</span>${nav}</header><main><h1>${e(title)}</h1>${body}</main>`,
  });
}

const errorLine = (t: ConsoleText, error?: string) => (error ? `<p class="error" role="alert">${e(t.error)}: ${e(error)}</p>` : '');

export function signInPage(language: Language, error?: string): string {
  const t = CONSOLE_TEXT[language];
  return layout(
    t,
    language,
    t.signIn,
    `${errorLine(t, error)}<form class="stack" method="post" action="/operator/sign-in">
<label for="email">${e(t.email)}</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">${e(t.password)}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${e(t.signIn)}</button></form>`,
    false,
  );
}

export function mfaPage(language: Language, enrolment: { secret: string; otpauthUri: string; qrDataUrl: string } | null, error?: string): string {
  const t = CONSOLE_TEXT[language];
  const setup = enrolment
    ? `<p>${e(t.mfaEnrol)}</p><img src="${e(enrolment.qrDataUrl)}" width="240" height="240" alt="${e(t.mfaUri)}: ${e(enrolment.otpauthUri)}"><p>${e(t.mfaKey)}: <code>${e(enrolment.secret)}</code></p>`
    : '';
  return layout(
    t,
    language,
    t.mfaTitle,
    `${errorLine(t, error)}${setup}<form class="stack" method="post" action="/operator/mfa">
<label for="code">${e(t.mfaCode)}</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,8}" required>
<button type="submit">${e(t.confirm)}</button></form>`,
    false,
  );
}

function grantRow(t: ConsoleText, g: GrantWithTenant): string {
  const open = g.status === 'active' ? `<form class="inline" method="post" action="/operator/grants/${e(g.id)}/open"><button type="submit">${e(t.open)}<span class="visually-hidden"> ${e(g.tenantName)}</span></button></form>` : '';
  const revoke =
    g.status === 'active' || g.status === 'pending_approval'
      ? ` <form class="inline" method="post" action="/operator/grants/${e(g.id)}/revoke"><button type="submit" class="secondary" aria-label="${e(t.revoke)}: ${e(g.tenantName)}">${e(t.revoke)}</button></form>`
      : '';
  return `<tr><td>${e(g.tenantName)} (${e(g.tenantSlug)})</td><td>${e(t.scopes[g.scope] ?? g.scope)}</td><td>${e(g.reason)}<br>${e(g.ticket)}</td><td>${e(t.statuses[g.status] ?? g.status)}</td><td>${e(g.expiresAt ? g.expiresAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '–')}</td><td>${open}${revoke}</td></tr>`;
}

export function dashboardPage(language: Language, staffName: string, grants: GrantWithTenant[], error?: string): string {
  const t = CONSOLE_TEXT[language];
  const table = grants.length
    ? `<div class="scroll" role="region" aria-label="${e(t.grants)}" tabindex="0"><table><caption>${e(t.grants)}</caption><thead><tr><th scope="col">${e(t.siteColumn)}</th><th scope="col">${e(t.scope)}</th><th scope="col">${e(t.reasonColumn)}</th><th scope="col">${e(t.status)}</th><th scope="col">${e(t.expires)}</th><th scope="col">${e(t.actions)}</th></tr></thead><tbody>${grants.map((g) => grantRow(t, g)).join('')}</tbody></table></div>`
    : `<p>${e(t.noGrants)}</p>`;
  return layout(
    t,
    language,
    `${t.console}: ${staffName}`,
    `${errorLine(t, error)}<h2>${e(t.grants)}</h2>${table}
<h2>${e(t.requestGrant)}</h2><form class="stack" method="post" action="/operator/grants">
<label for="tenant">${e(t.site)}</label><input id="tenant" name="tenant" required maxlength="63">
<label for="scope">${e(t.scope)}</label><select id="scope" name="scope"><option value="support_read">${e(t.scopes.support_read!)}</option><option value="admin">${e(t.scopes.admin!)}</option></select>
<label for="reason">${e(t.reason)}</label><textarea id="reason" name="reason" required minlength="10" maxlength="1000"></textarea>
<label for="ticket">${e(t.ticket)}</label><input id="ticket" name="ticket" required maxlength="100">
<label for="hours">${e(t.hours)}</label><input id="hours" name="hours" type="number" min="1" max="72" value="4" required>
<button type="submit">${e(t.request)}</button></form>`,
    true,
  );
}

/** The page whose one button carries the sealed token to the site (a form post, so no address holds it). */
export function handoverPage(language: Language, site: { name: string; url: string }, token: string): string {
  const t = CONSOLE_TEXT[language];
  return layout(
    t,
    language,
    `${t.continueTo} ${site.name}`,
    `<p>${e(t.handoverNote)}</p><form method="post" action="${e(site.url)}/staff-access/enter"><input type="hidden" name="token" value="${e(token)}"><button type="submit">${e(t.continueTo)} ${e(site.name)}</button></form>`,
    true,
  );
}
