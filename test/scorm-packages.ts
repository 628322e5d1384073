import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { buildZip, type ZipEntrySpec } from './zip-fixtures.js';

/**
 * SCORM packages built by the tests: a manifest of each kind and SCO pages that really talk
 * to the run-time API (they find `API` / `API_1484_11` in a parent window like authoring-tool
 * output does), so the player and tracking are exercised the way real courses do.
 */

export const SCORM12_NS = `xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"`;
export const SCORM2004_NS = `xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"`;

export interface ScoSpec {
  id: string;
  title: string;
  /** SCORM 1.2 mastery score (0-100). */
  masteryScore?: number;
  /** SCORM 2004: the item's `imsss:sequencing` element. */
  sequencing?: string;
  /** The resource is an asset (a page that does not talk to the LMS), not a SCO. */
  asset?: boolean;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** imsmanifest.xml of a SCORM 1.2 course with one SCO per spec, each at `<id>/index.html`. */
export function scorm12Manifest(title: string, scos: ScoSpec[], identifier = 'com.example.course'): string {
  const items = scos
    .map(
      (sco) => `      <item identifier="${sco.id}" identifierref="RES-${sco.id}">
        <title>${escapeXml(sco.title)}</title>${sco.masteryScore === undefined ? '' : `\n        <adlcp:masteryscore>${sco.masteryScore}</adlcp:masteryscore>`}
      </item>`,
    )
    .join('\n');
  const resources = scos
    .map(
      (sco) => `    <resource identifier="RES-${sco.id}" type="webcontent" adlcp:scormtype="${sco.asset ? 'asset' : 'sco'}" href="${sco.id}/index.html">
      <file href="${sco.id}/index.html"/>
    </resource>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${identifier}" version="1.0" ${SCORM12_NS}>
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>${escapeXml(title)}</title>
${items}
    </organization>
  </organizations>
  <resources>
${resources}
  </resources>
</manifest>`;
}

/**
 * imsmanifest.xml of a SCORM 2004 4th edition course with flow and choice navigation between its
 * SCOs; `rollupRules` (an `imsss:rollupRules` element) goes into the organization's sequencing.
 */
export function scorm2004Manifest(title: string, scos: ScoSpec[], identifier = 'com.example.course2004', rollupRules = ''): string {
  const items = scos
    .map((sco) => `      <item identifier="${sco.id}" identifierref="RES-${sco.id}"><title>${escapeXml(sco.title)}</title>${sco.sequencing ?? ''}</item>`)
    .join('\n');
  const resources = scos
    .map(
      (sco) => `    <resource identifier="RES-${sco.id}" type="webcontent" adlcp:scormType="${sco.asset ? 'asset' : 'sco'}" href="${sco.id}/index.html">
      <file href="${sco.id}/index.html"/>
    </resource>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${identifier}" version="1" ${SCORM2004_NS}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG">
      <title>${escapeXml(title)}</title>
${items}
      <imsss:sequencing><imsss:controlMode choice="true" flow="true"/>${rollupRules}</imsss:sequencing>
    </organization>
  </organizations>
  <resources>
${resources}
  </resources>
</manifest>`;
}

/**
 * A SCO page for SCORM 1.2 or 2004 with buttons a browser test can press: it initialises,
 * shows the resumed location and suspend data, and can set a location, suspend data, a
 * score, a status, commit and finish.
 */
export function scoPage(version: '1.2' | '2004', title: string): string {
  const api = version === '1.2' ? 'API' : 'API_1484_11';
  const call = version === '1.2'
    ? { init: 'LMSInitialize', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit', finish: 'LMSFinish', location: 'cmi.core.lesson_location', suspend: 'cmi.suspend_data', score: 'cmi.core.score.raw', status: 'cmi.core.lesson_status', exit: 'cmi.core.exit' }
    : { init: 'Initialize', get: 'GetValue', set: 'SetValue', commit: 'Commit', finish: 'Terminate', location: 'cmi.location', suspend: 'cmi.suspend_data', score: 'cmi.score.scaled', status: 'cmi.success_status', exit: 'cmi.exit' };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title></head>
<body>
<h1>${escapeXml(title)}</h1>
<p>Location: <output id="location"></output></p>
<p>Suspend data length: <output id="suspend"></output></p>
<label>Location <input id="set-location"></label><button id="save-location">Save location</button>
<button id="big-suspend">Save 64 KB of suspend data</button>
<button id="pass">Pass with 90</button>
<button id="fail">Fail with 20</button>
<button id="commit">Commit</button>
<button id="finish">Finish</button>
<script>
  function findApi(win) {
    for (var i = 0; win && i < 10; i++) { if (win.${api}) return win.${api}; if (win.parent === win) break; win = win.parent; }
    return window.opener ? window.opener.${api} : null;
  }
  var api = findApi(window.parent);
  api.${call.init}('');
  document.getElementById('location').textContent = api.${call.get}('${call.location}');
  document.getElementById('suspend').textContent = String(api.${call.get}('${call.suspend}').length);
  document.getElementById('save-location').onclick = function () {
    api.${call.set}('${call.location}', document.getElementById('set-location').value);
    api.${call.set}('${call.exit}', 'suspend');
  };
  document.getElementById('big-suspend').onclick = function () {
    api.${call.set}('${call.suspend}', new Array(64 * 1024 + 1).join('x'));
  };
  document.getElementById('pass').onclick = function () {
    ${version === '1.2' ? `api.LMSSetValue('cmi.core.score.raw', '90'); api.LMSSetValue('cmi.core.lesson_status', 'passed');` : `api.SetValue('cmi.score.scaled', '0.9'); api.SetValue('cmi.score.raw', '90'); api.SetValue('cmi.success_status', 'passed'); api.SetValue('cmi.completion_status', 'completed');`}
  };
  document.getElementById('fail').onclick = function () {
    ${version === '1.2' ? `api.LMSSetValue('cmi.core.score.raw', '20'); api.LMSSetValue('cmi.core.lesson_status', 'failed');` : `api.SetValue('cmi.score.scaled', '0.2'); api.SetValue('cmi.score.raw', '20'); api.SetValue('cmi.success_status', 'failed'); api.SetValue('cmi.completion_status', 'completed');`}
  };
  document.getElementById('commit').onclick = function () { api.${call.commit}(''); };
  document.getElementById('finish').onclick = function () { api.${call.finish}(''); };
</script>
</body></html>`;
}

/** The zip entries of a whole course: the manifest and one working SCO page per SCO. */
export function scormPackageEntries(version: '1.2' | '2004', title: string, scos: ScoSpec[]): ZipEntrySpec[] {
  const manifest = version === '1.2' ? scorm12Manifest(title, scos) : scorm2004Manifest(title, scos);
  return [{ name: 'imsmanifest.xml', data: manifest }, ...scos.map((sco) => ({ name: `${sco.id}/index.html`, data: scoPage(version, sco.title) }))];
}

/**
 * Writes a course package zip to a fresh temporary directory and returns its path. Under the
 * test runner that directory is inside the run's scratch directory (TEST_SCRATCH_DIR, removed
 * when the run ends).
 */
export async function buildScormPackage(version: '1.2' | '2004', title: string, scos: ScoSpec[]): Promise<string> {
  const dir = await mkdtemp(path.join(process.env.TEST_SCRATCH_DIR ?? os.tmpdir(), 'lectern-package-'));
  const file = path.join(dir, 'course.zip');
  await buildZip(file, scormPackageEntries(version, title, scos));
  return file;
}
