/*
 * Steady traffic for the failover drill (drill.sh), through HAProxy: sign-ins, SCORM commits and
 * course package uploads in a few concurrent loops. Every write that was acknowledged (a 2xx) is
 * recorded with what identifies it, so that after the failover each can be looked for.
 *
 *   tsx ops/failover/load.ts setup     sign the users in once (choosing their own passwords), upload
 *                                      and publish a course, enrol and launch the learners
 *   tsx ops/failover/load.ts run       traffic until SIGTERM, then writes the results file
 *   tsx ops/failover/load.ts verify    looks for every acknowledged write; prints the drill's figures
 *
 * Environment: LB_PORT, CONTENT_PORT (HAProxy's app and content frontends), SITE_HOST, ADMIN_EMAIL,
 * LEARNER_EMAILS (comma-separated), FIRST_PASSWORD, PASSWORD, STATE_DIR; for verify also
 * KILLS (app=<epoch ms>,db=<epoch ms>) and PSQL_URL (the new primary).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { scormPackageEntries } from '../../test/scorm-packages.js';
import { buildZip } from '../../test/zip-fixtures.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`load.ts: ${name} is not set`);
  return value;
};

const LB_PORT = Number(env('LB_PORT'));
const CONTENT_PORT = Number(env('CONTENT_PORT'));
const SITE_HOST = env('SITE_HOST');
const STATE_DIR = env('STATE_DIR');
const REQUEST_TIMEOUT_MS = 10_000;
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

interface Answer {
  status: number;
  body: string;
  cookie?: string;
}

/** One HTTP request to HAProxy; a network failure or time-out is status 0. */
function request(port: number, method: string, url: string, options: { cookie?: string; json?: unknown; body?: Buffer; type?: string } = {}): Promise<Answer> {
  const body = options.json !== undefined ? Buffer.from(JSON.stringify(options.json)) : options.body;
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: url,
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: {
          host: `${SITE_HOST}:${port}`,
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(body ? { 'content-type': options.json !== undefined ? 'application/json' : (options.type ?? 'application/octet-stream'), 'content-length': body.length } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const setCookie = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith('lectern_session='));
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ...(setCookie ? { cookie: setCookie.split(';')[0]! } : {}) });
        });
        res.on('error', () => resolve({ status: 0, body: 'response aborted' }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => resolve({ status: 0, body: error.message }));
    req.end(body);
  });
}

const ok = (answer: Answer) => answer.status >= 200 && answer.status < 300;

function must(answer: Answer, what: string): Answer {
  if (!ok(answer)) throw new Error(`${what}: ${answer.status} ${answer.body.slice(0, 300)}`);
  return answer;
}

async function signIn(email: string, password: string): Promise<Answer> {
  return request(LB_PORT, 'POST', '/api/auth/sign-in', { json: { email, password } });
}

/** A small SCORM 1.2 package whose file `marker.txt` holds `marker`, to be found again after the drill. */
async function packageWith(marker: string): Promise<Buffer> {
  const file = path.join(STATE_DIR, `package-${marker}.zip`);
  await buildZip(file, [...scormPackageEntries('1.2', `Drill ${marker}`, [{ id: 'SCO-1', title: 'Lesson' }]), { name: 'marker.txt', data: marker }]);
  return readFileSync(file);
}

interface Setup {
  adminCookie: string;
  learners: { email: string; cookie: string; token: string }[];
}

const setupFile = () => path.join(STATE_DIR, 'setup.json');

async function setup(): Promise<void> {
  const first = env('FIRST_PASSWORD');
  const password = env('PASSWORD');
  /** Signs in with the password the operator set and chooses the user's own, as the first sign-in demands. */
  const session = async (email: string): Promise<string> => {
    const signedIn = must(await signIn(email, first), `sign-in of ${email}`);
    const changed = must(await request(LB_PORT, 'POST', '/api/me/password', { cookie: signedIn.cookie, json: { currentPassword: first, newPassword: password } }), `password change of ${email}`);
    return changed.cookie ?? signedIn.cookie!;
  };
  const adminCookie = await session(env('ADMIN_EMAIL'));
  const emails = env('LEARNER_EMAILS').split(',');
  const cookies = await Promise.all(emails.map(session));

  const uploaded = must(await request(LB_PORT, 'POST', '/api/learn/packages?fileName=course.zip', { cookie: adminCookie, body: await packageWith('setup'), type: 'application/zip' }), 'course upload');
  const courseId = (JSON.parse(uploaded.body) as { course: { id: string } }).course.id;
  must(await request(LB_PORT, 'POST', `/api/learn/courses/${courseId}/status`, { cookie: adminCookie, json: { status: 'published' } }), 'publishing the course');
  const users = JSON.parse(must(await request(LB_PORT, 'GET', '/api/admin/users?limit=100', { cookie: adminCookie }), 'user list').body) as { users?: { id: string; email: string }[]; items?: { id: string; email: string }[] };
  const list = users.users ?? users.items ?? [];
  const userIds = emails.map((email) => {
    const user = list.find((u) => u.email === email);
    if (!user) throw new Error(`user ${email} is not in the user list`);
    return user.id;
  });
  must(await request(LB_PORT, 'POST', `/api/learn/courses/${courseId}/enrolments`, { cookie: adminCookie, json: { userIds } }), 'enrolment');

  const learners = await Promise.all(
    emails.map(async (email, n) => {
      const mine = JSON.parse(must(await request(LB_PORT, 'GET', '/api/learn/me/enrolments', { cookie: cookies[n] }), `enrolments of ${email}`).body) as {
        enrolments: { id: string; courseId?: string; course?: { id: string } }[];
      };
      const enrolment = mine.enrolments.find((e) => (e.courseId ?? e.course?.id) === courseId) ?? mine.enrolments[0];
      const launched = JSON.parse(must(await request(LB_PORT, 'POST', `/api/learn/enrolments/${enrolment!.id}/launch`, { cookie: cookies[n], json: {} }), `launch of ${email}`).body) as { launchUrl: string };
      return { email, cookie: cookies[n]!, token: tokenOf(launched.launchUrl) };
    }),
  );
  writeFileSync(setupFile(), JSON.stringify({ adminCookie, learners } satisfies Setup));
  console.log(`load: ${learners.length} learners launched course ${courseId}`);
}

/** The launch credential in a launch URL (`…/launch/<token>/…`). */
function tokenOf(launchUrl: string): string {
  const match = /\/launch\/([^/?#]+)/.exec(launchUrl) ?? /\/c\/([^/?#]+)/.exec(launchUrl);
  if (!match) throw new Error(`no launch credential in ${launchUrl}`);
  return match[1]!;
}

/** One request of the run: when it was sent and answered, and whether it succeeded. */
interface Sample {
  kind: 'signin' | 'commit' | 'upload';
  start: number;
  end: number;
  ok: boolean;
  status: number;
}

interface Results {
  samples: Sample[];
  /** Acknowledged sign-ins: their session cookies. */
  sessions: string[];
  /** The last acknowledged commit per learner (seq and the lesson_location it wrote). */
  commits: Record<string, { seq: number; location: string; acknowledged: number }>;
  /** Acknowledged uploads: the content version and the marker its file holds. */
  uploads: { versionId: string; marker: string }[];
}

const resultsFile = () => path.join(STATE_DIR, 'results.json');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(): Promise<void> {
  const { adminCookie, learners } = JSON.parse(readFileSync(setupFile(), 'utf8')) as Setup;
  const password = env('PASSWORD');
  const results: Results = { samples: [], sessions: [], commits: {}, uploads: [] };
  let running = true;
  process.on('SIGTERM', () => (running = false));

  const timed = async (kind: Sample['kind'], send: () => Promise<Answer>): Promise<Answer> => {
    const start = Date.now();
    const answer = await send();
    results.samples.push({ kind, start, end: Date.now(), ok: ok(answer), status: answer.status });
    return answer;
  };

  const signIns = async (loop: number) => {
    for (let n = loop; running; n += 2) {
      const learner = learners[n % learners.length]!;
      const answer = await timed('signin', () => signIn(learner.email, password));
      if (ok(answer) && answer.cookie) results.sessions.push(answer.cookie);
      else await sleep(100);
    }
  };
  const commits = async (learner: Setup['learners'][number], index: number) => {
    for (let seq = 1; running; seq++) {
      const location = `L${index}-${seq}`;
      const answer = await timed('commit', () =>
        request(CONTENT_PORT, 'POST', `/launch/${learner.token}/commits`, { json: { scoId: 'SCO-1', seq, cmi: { core: { lesson_location: location } } } }),
      );
      if (ok(answer)) results.commits[learner.email] = { seq, location, acknowledged: Date.now() };
      await sleep(ok(answer) ? 50 : 100);
    }
  };
  const uploads = async () => {
    for (let n = 1; running; n++) {
      const marker = `upload-${process.pid}-${n}`;
      const zip = await packageWith(marker);
      const answer = await timed('upload', () => request(LB_PORT, 'POST', '/api/learn/packages?fileName=drill.zip', { cookie: adminCookie, body: zip, type: 'application/zip' }));
      if (ok(answer)) results.uploads.push({ versionId: (JSON.parse(answer.body) as { version: { id: string } }).version.id, marker });
      await sleep(ok(answer) ? 250 : 100);
    }
  };
  await Promise.all([signIns(0), signIns(1), ...learners.map(commits), uploads()]);
  writeFileSync(resultsFile(), JSON.stringify(results));
}

/**
 * The time without service after `at`: the longest wait, from `at` on, for the next successful
 * answer among the samples of `kinds` (until `until`).
 */
function gapAfter(samples: Sample[], at: number, until: number, kinds: Sample['kind'][]): number {
  const answered = samples
    .filter((s) => s.ok && kinds.includes(s.kind) && s.end > at && s.end <= until)
    .map((s) => s.end)
    .sort((a, b) => a - b);
  if (answered.length === 0) return Infinity;
  let longest = answered[0]! - at;
  for (let i = 1; i < answered.length; i++) longest = Math.max(longest, answered[i]! - answered[i - 1]!);
  return longest / 1000;
}

async function verify(): Promise<void> {
  const { adminCookie } = JSON.parse(readFileSync(setupFile(), 'utf8')) as Setup;
  const results = JSON.parse(readFileSync(resultsFile(), 'utf8')) as Results;
  const kills = Object.fromEntries(env('KILLS').split(',').map((pair) => pair.split('=') as [string, string]).map(([k, v]) => [k, Number(v)]));
  const lost: string[] = [];

  // Sessions of acknowledged sign-ins still open: the session row survived.
  for (const cookie of results.sessions) {
    const answer = await request(LB_PORT, 'GET', '/api/auth/session', { cookie });
    if (answer.status !== 200) lost.push(`session of a sign-in (${answer.status})`);
  }
  // The last acknowledged commit of each learner is stored (or a later one that was sent).
  const rows = execFileSync('psql', [env('PSQL_URL'), '-XAtc', "select seq || ' ' || coalesce(cmi->'core'->>'lesson_location', '') from sco_states"], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.split(' ') as [string, string]);
  for (const [email, commit] of Object.entries(results.commits)) {
    const prefix = commit.location.split('-')[0]!;
    const stored = rows.find(([, location]) => location.startsWith(`${prefix}-`));
    if (!stored || Number(stored[0]) < commit.seq) lost.push(`commit ${commit.location} of ${email} (stored: ${stored ? stored.join(' ') : 'nothing'})`);
  }
  // Each acknowledged upload's files can be read back through a preview of its version.
  for (const upload of results.uploads) {
    const preview = await request(LB_PORT, 'POST', `/api/learn/versions/${upload.versionId}/preview`, { cookie: adminCookie, json: {} });
    const file = ok(preview) ? await request(CONTENT_PORT, 'GET', `/c/${tokenOf((JSON.parse(preview.body) as { launchUrl: string }).launchUrl)}/marker.txt`) : undefined;
    if (!file || file.status !== 200 || file.body !== upload.marker) lost.push(`upload ${upload.marker} (preview ${preview.status}, file ${file?.status ?? '-'})`);
  }

  const acknowledged = results.sessions.length + results.samples.filter((s) => s.ok && s.kind === 'commit').length + results.uploads.length;
  const end = Math.max(...results.samples.map((s) => s.end));
  const appGap = gapAfter(results.samples, kills.app!, kills.db!, ['signin', 'commit', 'upload']);
  const dbGap = gapAfter(results.samples, kills.db!, end, ['signin', 'commit', 'upload']);
  const counts = (kind: Sample['kind']) => {
    const of = results.samples.filter((s) => s.kind === kind);
    return `${kind} ${of.filter((s) => s.ok).length}/${of.length}`;
  };
  for (const line of lost.slice(0, 20)) console.log(`lost: ${line}`);
  console.log(`requests answered with success: ${counts('signin')}, ${counts('commit')}, ${counts('upload')}`);
  writeFileSync(path.join(STATE_DIR, 'figures.json'), JSON.stringify({ appGap, dbGap, acknowledged, lost: lost.length }));
  console.log(`failover drill: app gap ${appGap.toFixed(1)} s (target 15), database gap ${dbGap.toFixed(1)} s (target 45), acknowledged writes ${acknowledged}, lost ${lost.length}`);
  process.exitCode = appGap <= 15 && dbGap <= 45 && lost.length === 0 ? 0 : 1;
}

const command = process.argv[2];
const commands: Record<string, () => Promise<void>> = { setup, run, verify };
if (!command || !commands[command]) {
  console.error('usage: tsx ops/failover/load.ts setup|run|verify');
  process.exit(2);
}
await commands[command]!().finally(() => agent.destroy());
