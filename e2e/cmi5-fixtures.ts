// A one-AU cmi5 course for the browser tests: its cmi5.xml and an AU page that behaves as cmi5 content does.

/** A course with one AU (moveOn Completed) at au/index.html. */
export const cmi5Xml = (course: string, launchMethod: 'AnyWindow' | 'OwnWindow') => `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://example.com/cmi5/${course.toLowerCase().replace(/ /g, '-')}"><title><langstring lang="en">${course}</langstring></title></course>
  <au id="https://example.com/cmi5/${course.toLowerCase().replace(/ /g, '-')}/au" moveOn="Completed" launchMethod="${launchMethod}">
    <title><langstring lang="en">Climbing a ladder</langstring></title>
    <url>au/index.html?lesson=1</url>
  </au>
</courseStructure>`;

/** An AU as cmi5 content behaves, in a page of its own (its script inline, as authoring tools write it). */
export const AU_PAGE = `<!doctype html><html lang="en"><head><title>Climbing a ladder</title></head><body>
<h1>Climbing a ladder</h1><p id="status" role="status">Starting…</p><button id="finish" disabled>Finish the lesson</button>
<script>
const CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVE_ON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const uuid = () => 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(Math.random() * 16).toString(16));
const say = (text) => { document.getElementById('status').textContent = text; };
(async () => {
  const query = new URLSearchParams(location.search);
  const endpoint = query.get('endpoint'), actor = JSON.parse(query.get('actor')), registration = query.get('registration'), activityId = query.get('activityId');
  const token = (await (await fetch(query.get('fetch'), { method: 'POST' })).json())['auth-token'];
  const headers = { 'X-Experience-API-Version': '1.0.3', Authorization: 'Basic ' + token, 'Content-Type': 'application/json' };
  const launchData = await (await fetch(endpoint + 'activities/state?' + new URLSearchParams({ stateId: 'LMS.LaunchData', activityId, agent: JSON.stringify(actor), registration }), { headers })).json();
  await fetch(endpoint + 'agents/profile?' + new URLSearchParams({ profileId: 'cmi5LearnerPreferences', agent: JSON.stringify(actor) }), { headers });
  const started = Date.now();
  const send = async (verb, extra = {}, moveOn = false) => {
    const context = { registration, contextActivities: { category: [{ id: CMI5 }, ...(moveOn ? [{ id: MOVE_ON }] : [])], grouping: launchData.contextTemplate.contextActivities.grouping }, extensions: launchData.contextTemplate.extensions };
    const statement = { id: uuid(), timestamp: new Date().toISOString(), actor, verb: { id: 'http://adlnet.gov/expapi/verbs/' + verb }, object: { objectType: 'Activity', id: activityId }, context, ...extra };
    const answer = await fetch(endpoint + 'statements', { method: 'POST', headers, body: JSON.stringify(statement) });
    if (!answer.ok) throw new Error(verb + ': ' + answer.status + ' ' + (await answer.text()));
  };
  await send('initialized');
  say('Mode ' + launchData.launchMode + ', move on when ' + launchData.moveOn + '.');
  const finish = document.getElementById('finish');
  finish.disabled = false;
  finish.addEventListener('click', async () => {
    const duration = 'PT' + Math.max(1, Math.round((Date.now() - started) / 1000)) + 'S';
    await send('completed', { result: { completion: true, duration } }, true);
    await send('terminated', { result: { duration } });
    say('Lesson finished.');
    // In a window of its own, an AU sends the learner back to the LMS when it ends (cmi5 returnURL).
    if (launchData.returnURL) location.assign(launchData.returnURL);
  });
})().catch((error) => say('Failed: ' + error.message));
</script></body></html>`;
