import { createHash } from 'node:crypto';

/** The colour of links and buttons when the site has no brand colour (white on it: 6.4:1). */
export const DEFAULT_BRAND = '#1864ab';

/** WCAG 2.x relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The brand colour the store may use: as link text on white and as the background of white button
 * text, so only one that reaches 4.5:1 against white (WCAG AA); the settings refuse others, but a
 * value stored before that rule falls back to the default here.
 */
export function storeBrandColour(primaryColour: string | null): string {
  if (!primaryColour || !/^#[0-9a-fA-F]{6}$/.test(primaryColour)) return DEFAULT_BRAND;
  return 1.05 / (luminance(primaryColour) + 0.05) >= 4.5 ? primaryColour.toLowerCase() : DEFAULT_BRAND;
}

/**
 * The storefront's styles, served from the site's own origin (the CSP allows no inline style):
 * mobile first, one column at 390 px, no horizontal scrolling (long words wrap), a visible focus
 * ring, the brand colour only on white and under white text.
 */
const STYLE = `*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 1rem; line-height: 1.5; color: #1b1b1f; background: #fff; overflow-wrap: anywhere; }
a { color: var(--brand); text-decoration-thickness: 1px; text-underline-offset: 2px; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid #1b1b1f; outline-offset: 2px; box-shadow: 0 0 0 5px #fff; }
img { max-width: 100%; height: auto; }
h1, h2, h3 { line-height: 1.25; margin: 1.5rem 0 0.75rem; }
h1 { font-size: 1.75rem; margin-top: 0.5rem; }
h2 { font-size: 1.3rem; }
h3 { font-size: 1.1rem; }
.skip-link { position: absolute; left: 0.5rem; top: -4rem; padding: 0.5rem 1rem; background: #1b1b1f; color: #fff; z-index: 10; }
.skip-link:focus { top: 0.5rem; }
.site-header { border-bottom: 1px solid #d0d4da; }
.site-header .bar, main, .site-footer .bar { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
.site-header .bar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem; padding-top: 0.75rem; padding-bottom: 0.75rem; }
.brand { display: inline-flex; align-items: center; gap: 0.6rem; color: #1b1b1f; font-weight: 700; font-size: 1.15rem; text-decoration: none; }
.brand img { height: 2.5rem; width: auto; }
.site-tools { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 1.25rem; }
.site-nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; margin: 0; padding: 0; }
.site-nav [aria-current] { font-weight: 700; color: #1b1b1f; text-decoration: none; }
main { padding-top: 1rem; padding-bottom: 3rem; }
main:focus { outline: none; }
.site-footer { border-top: 1px solid #d0d4da; color: #4a4f57; font-size: 0.9rem; }
.site-footer .bar { padding-top: 1rem; padding-bottom: 1.5rem; }
.lead { font-size: 1.125rem; color: #33363c; }
.muted { color: #4a4f57; }
.search { display: grid; grid-template-columns: 1fr; gap: 0.75rem; align-items: end; margin: 1rem 0 1.5rem; padding: 1rem; border: 1px solid #d0d4da; border-radius: 8px; }
@media (min-width: 48rem) { .search { grid-template-columns: 2fr 1fr 1fr auto; } }
.field { display: flex; flex-direction: column; gap: 0.25rem; margin-bottom: 1rem; }
.search .field { margin-bottom: 0; }
label, legend { font-weight: 600; }
input, select, textarea, button { font: inherit; }
input, select, textarea { width: 100%; min-height: 2.75rem; padding: 0.5rem 0.65rem; border: 1px solid #6b7079; border-radius: 6px; background: #fff; color: #1b1b1f; }
input[readonly] { background: #f1f3f5; }
input[type="radio"] { width: auto; min-height: 0; margin: 0 0.5rem 0 0; }
textarea { min-height: 5.5rem; }
[aria-invalid="true"] { border: 2px solid #b00020; }
.hint { font-size: 0.9rem; color: #4a4f57; margin: 0; }
.field-error { color: #b00020; font-weight: 600; margin: 0; }
.error-summary { border: 2px solid #b00020; border-radius: 8px; padding: 0.75rem 1rem; margin: 1rem 0; }
.error-summary h2 { margin-top: 0; font-size: 1.1rem; color: #b00020; }
fieldset { border: 1px solid #d0d4da; border-radius: 8px; padding: 0.75rem 1rem 0.25rem; margin: 0 0 1rem; min-width: 0; }
.choice { display: flex; align-items: center; margin-bottom: 0.5rem; font-weight: 400; }
.button { display: inline-flex; align-items: center; justify-content: center; min-height: 2.75rem; padding: 0.5rem 1.25rem; border: 2px solid var(--brand); border-radius: 6px; background: var(--brand); color: #fff; font-weight: 600; text-decoration: none; cursor: pointer; }
.button.secondary { background: #fff; color: var(--brand); }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1rem 0; }
.cards { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 17rem), 1fr)); gap: 1rem; }
.card { height: 100%; border: 1px solid #d0d4da; border-radius: 8px; padding: 1rem; display: flex; flex-direction: column; gap: 0.4rem; }
.card h2 { font-size: 1.15rem; margin: 0; }
.card p { margin: 0; }
.card .price { margin-top: auto; padding-top: 0.5rem; }
.price-amount { font-size: 1.25rem; font-weight: 700; }
.price-note { color: #4a4f57; font-size: 0.9rem; }
.layout { display: grid; grid-template-columns: 1fr; gap: 1.5rem; }
@media (min-width: 56rem) { .layout { grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); } .layout > .price-box { order: 2; } }
.price-box { border: 1px solid #d0d4da; border-radius: 8px; padding: 1rem; align-self: start; }
.price-box h2 { margin-top: 0; }
.curriculum ul { padding-left: 1.25rem; }
.pagination ul { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; list-style: none; padding: 0; align-items: center; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { text-align: left; padding: 0.5rem 0.5rem 0.5rem 0; border-bottom: 1px solid #d0d4da; vertical-align: top; }
td.number, th.number { text-align: right; white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.status { font-size: 1.125rem; border-left: 4px solid var(--brand); padding: 0.25rem 0 0.25rem 0.75rem; }
`;

/** The stylesheet for a site: its brand colour, then the styles. */
export function storeStylesheet(brand: string): string {
  return `:root { --brand: ${brand}; }\n${STYLE}`;
}

/** A short digest of the site's stylesheet, in its address: a browser keeps it until it changes. */
export function storeStylesheetVersion(brand: string): string {
  let version = versions.get(brand);
  if (version === undefined) {
    if (versions.size >= 1000) versions.clear();
    version = createHash('sha256').update(storeStylesheet(brand)).digest('hex').slice(0, 12);
    versions.set(brand, version);
  }
  return version;
}

// One entry per brand colour in use (bounded: sites are many, colours repeat).
const versions = new Map<string, string>();
