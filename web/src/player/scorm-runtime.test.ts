import { describe, expect, it } from 'vitest';
import { parseIsoDuration, parseScorm12Time } from '../../../src/learn/tracking/scorm-time';
import { createScormRuntime } from './scorm-runtime';

describe('SCORM runtime', () => {
  it('counts the time a SCO that never reports its session time was open, on top of the launch total', () => {
    for (const scormVersion of ['1.2', '2004-4th']) {
      const commits: Record<string, unknown>[] = [];
      const target: { API?: unknown; API_1484_11?: unknown } = {};
      let clock = 1_000_000;
      const cmi = scormVersion === '1.2' ? { core: { total_time: '0000:10:00' } } : { total_time: 'PT600S' };
      createScormRuntime({ scormVersion, cmi, onCommit: (data) => commits.push(data) }, target, () => clock);
      const api = (scormVersion === '1.2' ? target.API : target.API_1484_11) as Record<string, (value: string) => string>;
      api[scormVersion === '1.2' ? 'LMSInitialize' : 'Initialize']!('');
      clock += 95_000; // 1 min 35 s with the SCO open
      api[scormVersion === '1.2' ? 'LMSCommit' : 'Commit']!('');
      const total = scormVersion === '1.2' ? (commits.at(-1)!.core as Record<string, unknown>).total_time : commits.at(-1)!.total_time;
      // 10 min from the launch plus 1 min 35 s open: 695 s, in the version's own format.
      expect(scormVersion === '1.2' ? parseScorm12Time(total as string) : parseIsoDuration(total as string), scormVersion).toBe(695);
    }
  });


  it('SCORM 1.2: resumes the launch data, takes more than 64 KB of suspend data and commits the complete data', () => {
    const commits: Record<string, unknown>[] = [];
    const requests: string[] = [];
    const target: { API?: unknown } = {};
    const runtime = createScormRuntime(
      {
        scormVersion: '1.2',
        cmi: { suspend_data: 'abc', core: { lesson_location: 'p5', entry: 'resume', total_time: '0000:10:00', student_name: 'Rner, Lea' }, student_data: { mastery_score: '80' } },
        onCommit: (cmi) => commits.push(cmi),
        onNavigationRequest: (request) => requests.push(request),
      },
      target,
    );
    const api = target.API as { LMSInitialize(s: string): string; LMSGetValue(e: string): string; LMSSetValue(e: string, v: string): string; LMSCommit(s: string): string; LMSFinish(s: string): string; LMSGetLastError(): string };
    expect(api).toBe(runtime.api);
    expect(api.LMSInitialize('')).toBe('true');
    expect(api.LMSGetValue('cmi.core.lesson_location')).toBe('p5');
    expect(api.LMSGetValue('cmi.core.entry')).toBe('resume');
    expect(api.LMSGetValue('cmi.suspend_data')).toBe('abc');
    expect(api.LMSGetValue('cmi.student_data.mastery_score')).toBe('80');
    const big = 'x'.repeat(64 * 1024 + 1);
    expect(api.LMSSetValue('cmi.suspend_data', big)).toBe('true');
    expect(api.LMSSetValue('cmi.core.lesson_status', 'bogus')).toBe('false');
    api.LMSSetValue('cmi.core.session_time', '00:01:00');
    expect(api.LMSCommit('')).toBe('true');
    expect(commits).toHaveLength(1);
    expect(commits[0]).toMatchObject({ suspend_data: big, core: { lesson_location: 'p5', total_time: '00:11:00' } });
    runtime.finish();
    expect(commits).toHaveLength(2);
    expect(target.API).toBeUndefined();
  });

  it('SCORM 2004: loads thresholds and location, commits, and reports a continue request on Terminate', async () => {
    const commits: Record<string, unknown>[] = [];
    const requests: string[] = [];
    const target: { API_1484_11?: unknown } = {};
    createScormRuntime(
      {
        scormVersion: '2004-4th',
        cmi: { location: 'L2', entry: 'resume', total_time: 'PT600S', completion_threshold: '0.8', suspend_data: 's' },
        onCommit: (cmi) => commits.push(cmi),
        onNavigationRequest: (request) => requests.push(request),
      },
      target,
    );
    const api = target.API_1484_11 as { Initialize(s: string): string; GetValue(e: string): string; SetValue(e: string, v: string): string; Terminate(s: string): string };
    api.Initialize('');
    expect(api.GetValue('cmi.location')).toBe('L2');
    expect(api.GetValue('cmi.completion_threshold')).toBe('0.8');
    expect(api.SetValue('cmi.suspend_data', 'y'.repeat(70_000))).toBe('true');
    api.SetValue('cmi.success_status', 'passed');
    api.SetValue('adl.nav.request', 'continue');
    expect(api.Terminate('')).toBe('true');
    expect(commits.at(-1)).toMatchObject({ success_status: 'passed', location: 'L2' });
    expect((commits.at(-1)!.suspend_data as string).length).toBe(70_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(requests).toEqual(['continue']);
  });

  it('SCORM 2004: a suspendAll request reaches the player (which closes; the attempt stays open for later)', async () => {
    const requests: string[] = [];
    const target: { API_1484_11?: unknown } = {};
    createScormRuntime({ scormVersion: '2004-4th', cmi: {}, onCommit: () => undefined, onNavigationRequest: (request) => requests.push(request) }, target);
    const api = target.API_1484_11 as { Initialize(s: string): string; SetValue(e: string, v: string): string; Terminate(s: string): string };
    api.Initialize('');
    api.SetValue('cmi.exit', 'suspend');
    api.SetValue('adl.nav.request', 'suspendAll');
    expect(api.Terminate('')).toBe('true');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(requests).toEqual(['suspendAll']);
  });

  it('SCORM 1.2: a SCO that finishes without setting a status is completed; one that said "incomplete" stays so', () => {
    for (const [setStatus, expected] of [[null, 'completed'], ['incomplete', 'incomplete']] as const) {
      const commits: Record<string, unknown>[] = [];
      const target: { API?: unknown } = {};
      createScormRuntime({ scormVersion: '1.2', cmi: {}, onCommit: (cmi) => commits.push(cmi) }, target);
      const api = target.API as { LMSInitialize(s: string): string; LMSSetValue(e: string, v: string): string; LMSFinish(s: string): string };
      api.LMSInitialize('');
      if (setStatus) api.LMSSetValue('cmi.core.lesson_status', setStatus);
      api.LMSFinish('');
      expect(commits.at(-1)).toMatchObject({ core: { lesson_status: expected } });
    }
  });

  it('records nothing in a preview', () => {
    const target: { API?: unknown } = {};
    const runtime = createScormRuntime({ scormVersion: '1.2', cmi: {} }, target);
    const api = target.API as { LMSInitialize(s: string): string; LMSCommit(s: string): string };
    api.LMSInitialize('');
    expect(api.LMSCommit('')).toBe('true');
    runtime.finish();
  });
});

describe('resume data for a SCO opened again in the same visit', () => {
  it('turns the committed time into the total, drops the session and resumes after "suspend"', async () => {
    const { resumeData } = await import('./scorm-runtime');
    expect(resumeData('1.2', { core: { total_time: '0000:10:00' } }, { suspend_data: 's', interactions: { 0: {} }, core: { exit: 'suspend', session_time: '00:01:00', total_time: '00:11:00', lesson_location: 'x' } })).toEqual({
      suspend_data: 's',
      core: { entry: 'resume', total_time: '00:11:00', lesson_location: 'x' },
    });
    expect(resumeData('2004-4th', { total_time: 'PT1S' }, { exit: 'normal', session_time: 'PT5S', location: 'y' })).toEqual({ location: 'y', total_time: 'PT1S', entry: '' });
  });
});

describe('committing when the page goes away', () => {
  it('commits what the SCO set but did not commit, and nothing after Terminate', () => {
    const commits: Record<string, unknown>[] = [];
    const target: { API_1484_11?: unknown } = {};
    const runtime = createScormRuntime({ scormVersion: '2004-4th', cmi: {}, onCommit: (cmi) => commits.push(cmi) }, target);
    runtime.commitNow();
    expect(commits).toHaveLength(0);
    const api = target.API_1484_11 as { Initialize(s: string): string; SetValue(e: string, v: string): string; Terminate(s: string): string };
    api.Initialize('');
    api.SetValue('cmi.location', 'unsaved');
    runtime.commitNow();
    expect(commits.at(-1)).toMatchObject({ location: 'unsaved' });
    api.Terminate('');
    const count = commits.length;
    runtime.commitNow();
    expect(commits).toHaveLength(count);
  });
});
