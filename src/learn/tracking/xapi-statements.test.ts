import { describe, expect, it } from 'vitest';
import { courseReportOf, durationSeconds, refusalOfLaunchStatements, resultOfStatement, scorePercentOf } from './xapi-statements.js';

const COURSE = 'http://example.com/courses/safety';
const LEARNER = { objectType: 'Agent', name: 'Lea Rner', account: { homePage: 'https://learn.acme.test', name: 'user-1' } };
const verb = (name: string) => ({ id: `http://adlnet.gov/expapi/verbs/${name}`, display: { 'en-US': name } });
const statement = (name: string, extra: Record<string, unknown> = {}, object: Record<string, unknown> = { id: COURSE, objectType: 'Activity' }) => ({
  id: `s-${name}`,
  actor: LEARNER,
  verb: verb(name),
  object,
  stored: '2026-01-01T10:00:00.000Z',
  ...extra,
});

describe('statement -> progress', () => {
  it('completed completes, passed and failed judge, the score and the duration are taken', () => {
    expect(resultOfStatement(statement('completed', { result: { duration: 'PT4M30.5S' } }), COURSE)).toEqual({ completion: 'completed', success: 'unknown', scorePercent: null, progressMeasure: null, totalTimeSeconds: 270 });
    expect(resultOfStatement(statement('passed', { result: { score: { scaled: 0.85 } } }), COURSE)).toMatchObject({ success: 'passed', scorePercent: 85 });
    expect(resultOfStatement(statement('failed', { result: { score: { raw: 3, min: 0, max: 10 } } }), COURSE)).toMatchObject({ success: 'failed', scorePercent: 30 });
    expect(resultOfStatement(statement('answered', { result: { success: true, completion: true } }), COURSE)).toMatchObject({ completion: 'completed', success: 'passed' });
    expect(resultOfStatement(statement('launched'), COURSE)).toMatchObject({ completion: 'incomplete', success: 'unknown' });
  });

  it('ignores statements about other activities (slides, questions) and StatementRefs', () => {
    expect(resultOfStatement(statement('completed', {}, { id: `${COURSE}/slide1` }), COURSE)).toBeNull();
    expect(resultOfStatement(statement('voided', {}, { objectType: 'StatementRef', id: COURSE }), COURSE)).toBeNull();
  });

  it('merges a batch in order: completed, then passed with a score', () => {
    const report = courseReportOf([statement('experienced', {}, { id: `${COURSE}/slide1` }), statement('completed'), statement('passed', { result: { score: { scaled: 0.9 }, duration: 'PT10M' } })], COURSE);
    expect(report).toEqual({
      result: { completion: 'completed', success: 'passed', scorePercent: 90, progressMeasure: null, totalTimeSeconds: 600 },
      payload: { statementId: 's-passed', verb: 'http://adlnet.gov/expapi/verbs/passed', stored: '2026-01-01T10:00:00.000Z' },
    });
    expect(courseReportOf([statement('experienced', {}, { id: `${COURSE}/slide1` })], COURSE)).toBeNull();
  });

  it('reads ISO 8601 durations and scores defensively', () => {
    expect(durationSeconds('P1DT2H3M4S')).toBe(93_784);
    expect(durationSeconds('PT0.9S')).toBe(0);
    for (const bad of ['P', 'PT', '4 minutes', 12, null, 'P1H']) expect(durationSeconds(bad), String(bad)).toBeNull();
    expect(scorePercentOf({ scaled: -0.5 })).toBe(0);
    expect(scorePercentOf({ scaled: 1.5 })).toBe(100);
    expect(scorePercentOf({ raw: 5 })).toBeNull();
    expect(scorePercentOf('90')).toBeNull();
  });
});

describe('the launch rules for statements', () => {
  const launch = { siteUrl: 'https://learn.acme.test', userId: 'user-1', registration: '0D6E4B1E-0000-4000-8000-000000000002' };

  it('admits the learner\'s own statements, whatever display name, with the attempt\'s registration or none', () => {
    expect(refusalOfLaunchStatements([statement('completed'), { ...statement('passed'), actor: { account: { homePage: 'https://learn.acme.test/', name: 'user-1' } }, context: { registration: launch.registration.toLowerCase() } }], launch)).toBeNull();
  });

  it('refuses another learner, another identifier form, a group, another site, another registration', () => {
    const other = (actor: unknown) => refusalOfLaunchStatements([statement('completed'), { ...statement('passed'), actor }], launch);
    expect(other({ ...LEARNER, account: { homePage: 'https://learn.acme.test', name: 'user-2' } })).toEqual({ index: 1, problem: 'actor' });
    expect(other({ ...LEARNER, account: { homePage: 'https://other.test', name: 'user-1' } })).toEqual({ index: 1, problem: 'actor' });
    expect(other({ objectType: 'Agent', mbox: 'mailto:lea@acme.test' })).toEqual({ index: 1, problem: 'actor' });
    expect(other({ objectType: 'Group', account: LEARNER.account, member: [] })).toEqual({ index: 1, problem: 'actor' });
    expect(refusalOfLaunchStatements([{ ...statement('completed'), context: { registration: '11111111-0000-4000-8000-000000000002' } }], launch)).toEqual({ index: 0, problem: 'registration' });
  });
});
