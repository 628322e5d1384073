/** Statements the validation and format tests start from (each test clones before changing one). */

export type Json = Record<string, unknown>;

/** A typical statement: an mbox actor, a verb with display, an Activity with a definition, a scored result, a context. */
export const TYPICAL_STATEMENT = {
  id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0',
  actor: { objectType: 'Agent', name: 'Ada Lovelace', mbox: 'mailto:ada@example.com' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered', 'de-DE': 'beantwortete' } },
  object: {
    objectType: 'Activity',
    id: 'http://example.com/quiz/1/question/2',
    definition: {
      name: { 'en-US': 'Question 2', 'de-DE': 'Frage 2' },
      description: { 'en-US': 'Which games do you play?', 'de-DE': 'Welche Spiele spielen Sie?' },
      type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
      interactionType: 'choice',
      correctResponsesPattern: ['golf[,]tetris'],
      choices: [
        { id: 'golf', description: { 'en-US': 'Golf', 'de-DE': 'Golf' } },
        { id: 'tetris', description: { 'en-US': 'Tetris', 'de-DE': 'Tetris' } },
      ],
    },
  },
  result: { score: { scaled: 0.95, raw: 95, min: 0, max: 100 }, success: true, completion: true, response: 'golf[,]tetris', duration: 'PT1M30.5S' },
  context: {
    registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7',
    contextActivities: {
      parent: [{ id: 'http://example.com/quiz/1', objectType: 'Activity' }],
      grouping: [{ id: 'http://example.com/course/7', definition: { name: { 'en-US': 'Course 7', 'de-DE': 'Kurs 7' } } }],
    },
    platform: 'Lectern',
    language: 'en-US',
  },
  timestamp: '2024-05-04T12:00:00.000Z',
} as const;

export const typicalStatement = (): Json => structuredClone(TYPICAL_STATEMENT) as unknown as Json;

export const MINIMAL_STATEMENT = {
  actor: { mbox: 'mailto:ada@example.com' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
  object: { id: 'http://example.com/page/1' },
} as const;

export const minimalStatement = (): Json => structuredClone(MINIMAL_STATEMENT) as unknown as Json;

/** Sets (or, with undefined, deletes) the value at a dotted path, creating objects on the way. */
export function setAt(target: Json, path: string, value: unknown): Json {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return target;
}
