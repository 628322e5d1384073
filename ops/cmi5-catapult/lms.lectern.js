/*
 * Lectern's LMS script for the cmi5 LMS test suite of ADL's CATAPULT project (its `lts/` folder).
 * The suite loads it through CATAPULT_LMS (see docs/cmi5-conformance.md and ops/cmi5-catapult.sh)
 * and calls it to import its test packages and to get the launch addresses its browser opens.
 *
 * It speaks to a running Lectern through its HTTP API only, as an administrator would:
 *
 *   CATAPULT_LECTERN_URL             the site, e.g. http://localhost:18300 (the demo site answers on localhost)
 *   CATAPULT_LECTERN_ADMIN_EMAIL     an administrator of that site
 *   CATAPULT_LECTERN_ADMIN_PASSWORD  their password (when Lectern asks for a new one at the first
 *                                    sign-in, as after `lectern user reset-password`, this script
 *                                    chooses one for the rest of its run)
 *   LRS_KEY, LRS_SECRET              an LRS key that reads every statement (`lectern lrs-key create
 *                                    --scope all`), with which the suite checks what was recorded
 *   CATAPULT_LTS_DIR                 the suite's folder (default: the working directory, where jest runs)
 *
 * (Lectern refuses unknown LECTERN_* settings in its environment, so these names keep clear of them.)
 *
 * Every package is imported as a new course and published; one learner (made in setup) is enrolled
 * in each course it launches. A launch without a registration starts a new attempt, whose id is the
 * cmi5 registration; a launch with one reuses the enrolment of that attempt.
 *
 * Only Node's own modules and what the suite itself depends on are used: the suite's error class
 * (an invalid package must throw that very class) and @hapi/wreck are loaded from its folder.
 */
'use strict';

const path = require('path');
const { randomBytes } = require('crypto');

const ltsDir = path.resolve(process.env.CATAPULT_LTS_DIR || process.cwd());
const Wreck = require(require.resolve('@hapi/wreck', { paths: [ltsDir] }));
const { InvalidPackageError } = require(path.join(ltsDir, 'lib', 'errors.js'));

const state = {
  site: '',
  adminCookie: '',
  learner: null, // { id, email, password, cookie }
  lrsAuth: '',
  courses: [], // course ids imported since the last cleanup
  enrolmentOfCourse: new Map(), // course id -> enrolment id
  enrolmentOfRegistration: new Map(), // registration (attempt id) -> { enrolmentId, courseId }
};

const required = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see docs/cmi5-conformance.md)`);
  return value;
};

/** A strong password for the test's own accounts (upper and lower case, digits). */
const newPassword = () => `Kv7-${randomBytes(12).toString('base64url')}-9A`;

/** One JSON request to Lectern; answers with { status, body, cookie } and throws nothing on 4xx/5xx. */
async function call(method, url, { cookie, payload, headers = {} } = {}) {
  const response = await Wreck.request(method, `${state.site}${url}`, {
    headers: {
      accept: 'application/json',
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...(cookie ? { cookie } : {}),
      ...headers,
    },
    payload: payload === undefined ? undefined : JSON.stringify(payload),
  });
  const raw = await Wreck.read(response);
  let body = null;
  if (raw.length > 0) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      body = raw.toString('utf8');
    }
  }
  return { status: response.statusCode, body, cookie: sessionCookieOf(response) };
}

function sessionCookieOf(response) {
  const cookies = [].concat(response.headers['set-cookie'] || []);
  for (const header of cookies) {
    const pair = header.split(';')[0];
    if (pair.startsWith('lectern_session=') && pair.length > 'lectern_session='.length) return pair;
  }
  return '';
}

function describe(answer) {
  return `${answer.status} ${typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)}`.slice(0, 2000);
}

async function expectOk(what, answerPromise) {
  const answer = await answerPromise;
  if (answer.status < 200 || answer.status >= 300) throw new Error(`${what} failed: ${describe(answer)}`);
  return answer;
}

/** Signs in; when Lectern asks for a new password first (a password set by an operator), chooses one. */
async function signIn(email, password) {
  const answer = await expectOk(`signing in as ${email}`, call('POST', '/api/auth/sign-in', { payload: { email, password } }));
  let cookie = answer.cookie;
  if (answer.body && answer.body.passwordChangeRequired) {
    const chosen = newPassword();
    const changed = await expectOk(`choosing a new password for ${email}`, call('POST', '/api/me/password', { cookie, payload: { currentPassword: password, newPassword: chosen } }));
    cookie = changed.cookie || cookie;
  }
  return cookie;
}

/** The token of an invitation link (…/accept-invitation?token=… or …#token=…). */
function tokenOfLink(link) {
  const url = new URL(link);
  const fromHash = new URLSearchParams(url.hash.replace(/^#/, '')).get('token');
  return url.searchParams.get('token') || fromHash || url.pathname.split('/').pop();
}

/** The learner who takes every test course: invited by the administrator, password chosen, signed in. */
async function createLearner() {
  const email = `lts-${Date.now()}-${randomBytes(3).toString('hex')}@localhost.test`;
  const invited = await expectOk('inviting the learner', call('POST', '/api/admin/users', { cookie: state.adminCookie, payload: { email, firstName: 'Catapult', lastName: 'Learner', roles: ['learner'] } }));
  if (!invited.body.link) throw new Error(`the invitation link was not handed over (is mail off on the site?): ${describe(invited)}`);
  const password = newPassword();
  await expectOk('accepting the invitation', call('POST', '/api/auth/invitation/accept', { payload: { token: tokenOfLink(invited.body.link), password } }));
  return { id: invited.body.id, email, password, cookie: await signIn(email, password) };
}

/** The learner's session, signed in again when it has ended (inactivity timeout). */
async function learnerCall(method, url, payload) {
  let answer = await call(method, url, { cookie: state.learner.cookie, payload });
  if (answer.status === 401) {
    state.learner.cookie = await signIn(state.learner.email, state.learner.password);
    answer = await call(method, url, { cookie: state.learner.cookie, payload });
  }
  return answer;
}

async function adminCall(method, url, payload) {
  let answer = await call(method, url, { cookie: state.adminCookie, payload });
  if (answer.status === 401) {
    state.adminCookie = await signIn(required('CATAPULT_LECTERN_ADMIN_EMAIL'), state.adminPassword);
    answer = await call(method, url, { cookie: state.adminCookie, payload });
  }
  return answer;
}

/** Whether Lectern refused the package as such (its validation report, or not a zip at all). */
function refusedAsInvalid(answer, contentType) {
  const code = answer.body && answer.body.error && answer.body.error.code;
  if (answer.status === 400 && typeof code === 'string' && (code === 'LEARN_PACKAGE_INVALID' || code.startsWith('LEARN_ZIP_') || code.startsWith('LEARN_CMI5_'))) return code;
  // A body that is no package format at all (the suite's markdown file): refused for its type.
  if (answer.status === 415 && !/^(text|application)\/xml\b/i.test(contentType)) return code || 'LEARN_PACKAGE_CONTENT_TYPE';
  return null;
}

function reportCodes(answer) {
  const fields = (answer.body && answer.body.error && answer.body.error.fields) || [];
  return fields.map((field) => [field.code, field.field, field.value].filter(Boolean).join(' ')).join('; ');
}

async function launchData(enrolmentId, newAttempt) {
  const answer = await learnerCall('POST', `/api/learn/enrolments/${enrolmentId}/launch`, newAttempt ? { newAttempt: true } : {});
  if (answer.status !== 200) throw new Error(`launching enrolment ${enrolmentId} failed: ${describe(answer)}`);
  return answer.body;
}

/** The AU's launch on the content origin: the frame's origin with the AU launch path the launch data names. */
function auLaunchUrl(data, auIndex, launchMode) {
  const item = data.playable.find((candidate) => candidate.launchHref.endsWith(`/cmi5/au/${auIndex}`));
  if (!item) throw new Error(`the course has no AU ${auIndex} (launch data lists ${data.playable.length} items)`);
  const url = new URL(item.launchHref, data.launchUrl);
  if (launchMode && launchMode !== 'Normal') url.searchParams.set('launchMode', launchMode);
  return { href: url.href, auId: item.identifier };
}

async function enrol(courseId) {
  const known = state.enrolmentOfCourse.get(courseId);
  if (known) return { enrolmentId: known, fresh: false };
  const answer = await expectOk(`enrolling the learner in course ${courseId}`, adminCall('POST', `/api/learn/courses/${courseId}/enrolments`, { userIds: [state.learner.id] }));
  const enrolmentId = answer.body.created[0];
  if (!enrolmentId) throw new Error(`no enrolment was created in course ${courseId}: ${describe(answer)}`);
  state.enrolmentOfCourse.set(courseId, enrolmentId);
  return { enrolmentId, fresh: true };
}

module.exports = {
  setup: async () => {
    state.site = required('CATAPULT_LECTERN_URL').replace(/\/+$/, '');
    state.adminPassword = required('CATAPULT_LECTERN_ADMIN_PASSWORD');
    const email = required('CATAPULT_LECTERN_ADMIN_EMAIL');
    const answer = await call('POST', '/api/auth/sign-in', { payload: { email, password: state.adminPassword } });
    if (answer.status !== 200) throw new Error(`signing in as ${email} failed: ${describe(answer)}`);
    state.adminCookie = answer.cookie;
    if (answer.body.passwordChangeRequired) {
      const chosen = newPassword();
      const changed = await expectOk('choosing the administrator password', call('POST', '/api/me/password', { cookie: state.adminCookie, payload: { currentPassword: state.adminPassword, newPassword: chosen } }));
      state.adminCookie = changed.cookie || state.adminCookie;
      state.adminPassword = chosen;
    }
    state.learner = await createLearner();
    state.lrsAuth = `Basic ${Buffer.from(`${required('LRS_KEY')}:${required('LRS_SECRET')}`).toString('base64')}`;
  },

  teardown: async () => {
    if (state.adminCookie) await call('POST', '/api/auth/sign-out', { cookie: state.adminCookie, payload: {} }).catch(() => undefined);
    if (state.learner && state.learner.cookie) await call('POST', '/api/auth/sign-out', { cookie: state.learner.cookie, payload: {} }).catch(() => undefined);
  },

  // The suite appends "/statements" itself.
  getLrsEndpoint: () => `${state.site}/xapi`,

  getLrsAuthHeader: () => state.lrsAuth,

  importCourse: async (stream, contentType, filename) => {
    const response = await Wreck.request('POST', `${state.site}/api/learn/packages?fileName=${encodeURIComponent(filename)}`, {
      headers: { accept: 'application/json', 'content-type': contentType, cookie: state.adminCookie },
      payload: stream,
    });
    const raw = (await Wreck.read(response)).toString('utf8');
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    const answer = { status: response.statusCode, body };
    if (answer.status === 201) {
      const courseId = body.course.id;
      state.courses.push(courseId);
      await expectOk(`publishing course ${courseId}`, adminCall('POST', `/api/learn/courses/${courseId}/status`, { status: 'published' }));
      return courseId;
    }
    const code = refusedAsInvalid(answer, contentType);
    if (code) throw new InvalidPackageError(`Lectern refused ${filename}: ${code} ${reportCodes(answer)}`.trim());
    throw new Error(`importing ${filename} (${contentType}) failed: ${describe(answer)}`);
  },

  getLaunchUrl: async (courseId, auIndex, actor, { registration, launchMode } = {}) => {
    let enrolmentId;
    let newAttempt;
    if (registration) {
      const known = state.enrolmentOfRegistration.get(registration);
      if (!known || known.courseId !== courseId) throw new Error(`registration ${registration} is not an attempt this script started in course ${courseId}`);
      enrolmentId = known.enrolmentId;
      newAttempt = false;
    } else {
      const enrolment = await enrol(courseId);
      enrolmentId = enrolment.enrolmentId;
      // A launch without a registration asks for a new one: a fresh enrolment's first attempt, or a new attempt.
      newAttempt = !enrolment.fresh;
    }
    const data = await launchData(enrolmentId, newAttempt);
    if (registration && data.attemptId !== registration) throw new Error(`the open attempt of enrolment ${enrolmentId} is ${data.attemptId}, not registration ${registration}`);
    state.enrolmentOfRegistration.set(data.attemptId, { enrolmentId, courseId });
    return auLaunchUrl(data, auIndex, launchMode).href;
  },

  cleanup: async () => {
    // Archived, not deleted: the suite reads a test's statements after its cleanup, and they stay the learner's record.
    for (const courseId of state.courses.splice(0)) {
      await expectOk(`archiving course ${courseId}`, adminCall('POST', `/api/learn/courses/${courseId}/status`, { status: 'archived' }));
    }
  },

  hasWaive: () => true,

  waiveAU: async (registration, auIndex, reason) => {
    const known = state.enrolmentOfRegistration.get(registration);
    if (!known) throw new Error(`registration ${registration} is not an attempt this script started`);
    // The AU's LMS id (the activityId of its launches) is the identifier of its item in the launch data.
    const data = await launchData(known.enrolmentId, false);
    const { auId } = auLaunchUrl(data, auIndex);
    await expectOk(`waiving AU ${auIndex} of registration ${registration}`, adminCall('POST', `/api/learn/enrolments/${known.enrolmentId}/cmi5/waive`, { auId, reason }));
  },

  hasAbandon: () => true,

  abandonSession: async (sessionId) => {
    // Lectern abandons an enrolment's open sessions; the session's registration is found in the LRS (its launched statement).
    for (const [registration, known] of state.enrolmentOfRegistration) {
      const response = await Wreck.request('GET', `${state.site}/xapi/statements?registration=${registration}&verb=${encodeURIComponent('http://adlnet.gov/expapi/verbs/launched')}`, {
        headers: { authorization: state.lrsAuth, 'x-experience-api-version': '1.0.3' },
      });
      const result = JSON.parse((await Wreck.read(response)).toString('utf8'));
      const launchedHere = (result.statements || []).some((statement) => statement.context && statement.context.extensions && statement.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid'] === sessionId);
      if (!launchedHere) continue;
      await expectOk(`abandoning the sessions of registration ${registration}`, adminCall('POST', `/api/learn/enrolments/${known.enrolmentId}/cmi5/abandon`, {}));
      return;
    }
    throw new Error(`session ${sessionId} belongs to no registration this script started`);
  },
};
