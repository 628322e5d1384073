import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ORIGIN_SCAN_LIMITS, scanExternalOrigins } from './external-origins.js';
import { reportExternalOrigins } from './origin-warnings.js';
import { ReportBuilder } from './validation-report.js';

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

/** Writes the files of an unpacked package and lists them as the unzipper does. */
async function unpacked(files: Record<string, string | Buffer>): Promise<{ path: string; size: number }[]> {
  root = await mkdtemp(path.join(os.tmpdir(), 'origins-'));
  const listed = [];
  for (const [name, data] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), data);
    listed.push({ path: name, size: Buffer.byteLength(data) });
  }
  return listed;
}

describe('other origins a package loads from', () => {
  it('finds addresses where something is loaded, not in comments, prose, links or namespaces', async () => {
    const files = await unpacked({
      'index.html': `<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head>
        <script src="https://CDN.Example.com/lib/jquery.js"></script>
        <link rel="stylesheet" href='https://fonts.example.net:8443/css?family=X'>
        <!-- <script src="https://commented.example/x.js"></script> -->
        <style>body { background: url(https://img.example.org/bg.png) }</style>
        <script>
          // fetch('https://line-comment.example/api')
          /* import('https://block-comment.example/m.js') */
          fetch("https://api.example.io/data");
        </script></head>
        <body><p>Read more at https://prose.example.com</p><a href="https://link.example/page">a link</a>
        <img src="data:image/png;base64,AAAA"><img src="images/local.png"><img src="//protocol-relative.example/x.png">
        <img src="http://insecure.example/pixel.gif"></body></html>`,
      'lib/app.js': `const ns = "http://www.w3.org/2000/svg"; const s = document.createElement('script'); s.src = 'https://widgets.example.com/w.js'; // 'https://trailing-comment.example'`,
      'lib/app.mjs': "import x from 'https://esm.example.dev/mod.js';",
      'styles/site.css': `@import "https://styles.example.com/base.css"; /* url(https://css-comment.example/x.png) */ .a { background: url('./local.png') }`,
      'data/notes.txt': 'https://not-scanned.example/file',
    });
    const found = await scanExternalOrigins(root!, files);
    expect(found).toEqual({
      https: [
        'https://api.example.io',
        'https://cdn.example.com',
        'https://esm.example.dev',
        'https://fonts.example.net:8443',
        'https://img.example.org',
        'https://protocol-relative.example',
        'https://styles.example.com',
        'https://widgets.example.com',
      ],
      http: ['http://insecure.example'],
      flash: false,
      incomplete: false,
    });
  });

  it('reads protocol-relative addresses as HTTPS ones, in pages, styles, scripts and SVG pictures', async () => {
    const files = await unpacked({
      'index.html': '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto"><script>var s = "//cdn.example.com/lib.js"; var path = "//"; var root = "//" + location.host;</script>',
      'style.css': '@font-face { src: url(//fonts.gstatic.com/roboto.woff2) }',
      'app.js': "loader.load('//widgets.example.net:8443/w.js'); var separator = '//'; // see //comment.example.com/x",
      'picture.svg': '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://images.example.org/bg.png"/><a href="https://link.example/page"><text>a link</text></a></svg>',
    });
    expect((await scanExternalOrigins(root!, files)).https).toEqual([
      'https://cdn.example.com',
      'https://fonts.googleapis.com',
      'https://fonts.gstatic.com',
      'https://images.example.org',
      'https://widgets.example.net:8443',
    ]);
  });

  it('reads media sources in XML data files, but not their links, namespaces or schema locations, nor the manifests', async () => {
    const files = await unpacked({
      'imsmanifest.xml': `<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
        xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
        <resources><resource identifier="R" href="index.html" xml:base="https://ignored-manifest.example/"/></resources></manifest>`,
      'cmi5.xml': '<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"><course id="https://course.example.com/c1"/></courseStructure>',
      'tincan.xml': '<tincan xmlns="http://projecttincan.com/tincan.xsd"><activity id="http://tincan.example.com/course"/></tincan>',
      'story_content/frame.xml': `<?xml version="1.0"?><frame xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <resource title="Help" url="https://help.example.com/page"/><link href="https://link.example.org/more"/>
        <!-- <video src="https://commented.example/v.mp4"/> -->
        <video src="https://media.example.com/intro.mp4"/></frame>`,
    });
    expect(await scanExternalOrigins(root!, files)).toEqual({ https: ['https://media.example.com'], http: [], flash: false, incomplete: false });
  });

  it('raises no alarm for a package as authoring tools write it: SCORM API wrapper comments, licence headers and namespaces', async () => {
    const files = await unpacked({
      'index_lms.html': `<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" xmlns:v="urn:schemas-microsoft-com:vml">
        <!-- Created with an authoring tool, see https://www.articulate.com -->
        <head><script src="lms/scormdriver.js"></script><script src="html5/lib/scripts/bootstrapper.min.js"></script></head>
        <body><svg xmlns="http://www.w3.org/2000/svg"></svg><a href="https://www.ispringsolutions.com" target="_blank">Made with iSpring</a></body></html>`,
      'lms/scormdriver.js': `/*
 * SCORM API wrapper. Documentation: https://scorm.com/scorm-explained/ ; licence at http://www.opensource.org/licenses/mit-license.php
 */
// Based on the ADL wrapper, http://www.adlnet.gov/
function findAPI(win) { /* walks up to http://host/lms */ return win.API; }
var xmlns = "http://www.imsglobal.org/xsd/imscp_v1p1";
var comment = 1; // http://www.example.com/not-loaded`,
      'html5/lib/scripts/bootstrapper.min.js': '/*! bootstrapper (c) https://www.articulate.com/ */ var a="http://www.w3.org/2000/svg",b=location.protocol+"//"+location.host;',
      'data/player.xml': '<player xmlns="http://ns.adobe.com/xfl/2008/"><slide src="slides/1.png"/></player>',
    });
    expect(await scanExternalOrigins(root!, files)).toEqual({ https: [], http: [], flash: false, incomplete: false });
  });

  it('notices Flash, by a .swf file or an embed', async () => {
    expect((await scanExternalOrigins((await unpacked({ 'movie.swf': Buffer.from('FWS') })) && root!, [{ path: 'movie.swf', size: 3 }])).flash).toBe(true);
    const embed = await unpacked({ 'index.html': '<object type="application/x-shockwave-flash" data="intro.swf"></object>' });
    expect((await scanExternalOrigins(root!, embed)).flash).toBe(true);
  });

  it('stops at its limits and says so: a huge file is read only in part, files beyond the count are not read', async () => {
    const huge = 'x'.repeat(3 * 1024 * 1024) + '<script src="https://after-the-limit.example/x.js"></script>';
    const files = await unpacked({ 'a.html': '<script src="https://first.example/a.js"></script>', 'b.html': huge });
    const found = await scanExternalOrigins(root!, files);
    expect(found.https).toEqual(['https://first.example']);
    expect(found.incomplete).toBe(true);
    const many = await unpacked(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`p${i}.html`, `<img src="https://host${i}.example/x.png">`])));
    const counted = await scanExternalOrigins(root!, many, { ...DEFAULT_ORIGIN_SCAN_LIMITS, maxFiles: 3 });
    expect(counted).toMatchObject({ https: ['https://host0.example', 'https://host1.example', 'https://host2.example'], incomplete: true });
    let clock = 0;
    const timed = await scanExternalOrigins(root!, many, { ...DEFAULT_ORIGIN_SCAN_LIMITS, maxMillis: 10 }, () => (clock += 6));
    expect(timed.incomplete).toBe(true);
  });

  it('reads a hostile page of unclosed comments and tags in linear time', async () => {
    const files = await unpacked({ 'a.js': '/*'.repeat(500_000), 'b.html': '<script<a '.repeat(100_000) + '<!--'.repeat(100_000), 'c.css': 'url('.repeat(500_000) });
    const started = Date.now();
    const found = await scanExternalOrigins(root!, files);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(found).toMatchObject({ https: [], http: [], incomplete: false });
  });

  it('warns which origins are blocked, allowed or insecure, lists at most ten and counts the rest', () => {
    const report = new ReportBuilder();
    const https = Array.from({ length: 12 }, (_, i) => `https://h${String(i).padStart(2, '0')}.example`);
    reportExternalOrigins({ https, http: ['http://old.example'], flash: true, incomplete: true }, ['https://h00.example'], report);
    expect(report.report.warnings.map((w) => [w.code, w.detail])).toEqual([
      ['LEARN_PACKAGE_ORIGIN_BLOCKED', https.slice(1, 11).join(', ')],
      ['LEARN_PACKAGE_ORIGINS_MORE', '3'],
      ['LEARN_PACKAGE_NEEDS_FLASH', undefined],
      ['LEARN_PACKAGE_ORIGIN_SCAN_INCOMPLETE', undefined],
    ]);
    const few = new ReportBuilder();
    reportExternalOrigins({ https: ['https://a.example', 'https://b.example'], http: ['http://c.example'], flash: false, incomplete: false }, ['https://b.example'], few);
    expect(few.report.warnings.map((w) => [w.code, w.detail])).toEqual([
      ['LEARN_PACKAGE_ORIGIN_BLOCKED', 'https://a.example'],
      ['LEARN_PACKAGE_ORIGIN_INSECURE', 'http://c.example'],
      ['LEARN_PACKAGE_ORIGIN_ALLOWED', 'https://b.example'],
    ]);
    expect(few.report.warnings[0]!.message.de).toContain('Einstellungen → Kursinhalte');
  });
});
