import { describe, expect, it } from 'vitest';
import { blockedOriginOf, envelope, frameCommandOf, frameEventOf, readFrameCommand, readFrameEvent } from './launch-protocol';

// The player page and the launch frame take only these messages from each other; course content
// shares the frame's origin, so anything else it posts must be ignored, not half understood.

describe('launch protocol', () => {
  it('reads what the launch frame may say, and nothing else', () => {
    expect(readFrameEvent(envelope({ type: 'ready' }))).toEqual({ type: 'ready' });
    expect(readFrameEvent(envelope({ type: 'navigation', scoId: 'SCO-1', request: 'continue', target: null }))).toEqual({
      type: 'navigation',
      scoId: 'SCO-1',
      request: 'continue',
      target: null,
    });
    expect(readFrameEvent(envelope({ type: 'save-state', state: 'retrying' }))).toEqual({ type: 'save-state', state: 'retrying' });
    const refused: unknown[] = [
      null,
      'ready',
      { type: 'ready' }, // not marked as the player's
      { ...envelope({ type: 'ready' }), 'lectern-player': 2 },
      { ...envelope({ type: 'ready' }), type: 'navigate-top' },
      envelope({ type: 'navigation', scoId: 'SCO-1', request: 'javascript:alert(1)' as never, target: null }),
      envelope({ type: 'navigation', scoId: '', request: 'continue', target: null }),
      envelope({ type: 'committed', scoId: 'SCO-1', cmi: 'x' as never }),
      envelope({ type: 'committed', scoId: 'x'.repeat(300), cmi: {} }),
      envelope({ type: 'save-state', state: 'owned' as never }),
      envelope({ type: 'closed', pending: 'no' as never }),
      envelope({ type: 'ended', scoId: 'SCO-1', navigationRequested: 1 as never }),
    ];
    for (const message of refused) expect(readFrameEvent(message), JSON.stringify(message)).toBeNull();
  });

  it('takes from the player page only what it may command, and nothing else', () => {
    expect(readFrameCommand(envelope({ type: 'close' }))).toEqual({ type: 'close' });
    expect(readFrameCommand(envelope({ type: 'init', scormVersion: '1.2', lastSeq: 5 }))).toEqual({ type: 'init', scormVersion: '1.2', lastSeq: 5 });
    expect(readFrameCommand(envelope({ type: 'open', scoId: 'A', href: 'a/index.html', title: 'A', scormType: 'asset', cmi: {} }))).toMatchObject({ type: 'open', scoId: 'A', scormType: 'asset' });
    for (const message of [
      { type: 'close' },
      envelope({ type: 'init', scormVersion: '1.2', lastSeq: 1.5 }),
      envelope({ type: 'open', scoId: 'A', href: 7 as never, title: 'A', scormType: 'sco', cmi: {} }),
      envelope({ type: 'open', scoId: 'A', href: 'a.html', title: 'A', scormType: 'sco', cmi: [] as never }),
      envelope({ type: 'open', scoId: 'A', href: 'a.html', title: 'A', scormType: 'lesson' as never, cmi: {} }),
      { ...envelope({ type: 'close' }), type: 'eval' },
    ]) {
      expect(readFrameCommand(message), JSON.stringify(message)).toBeNull();
    }
  });

  it('takes messages only from the expected window at the expected origin', () => {
    const frameWindow = { name: 'the launch frame' };
    const otherWindow = { name: 'a window the course opened' };
    const origin = 'https://acme.content.example';
    const ready = envelope({ type: 'ready' });
    const expected = { origin, source: frameWindow };
    expect(frameEventOf({ origin, source: frameWindow as never, data: ready }, expected)).toEqual({ type: 'ready' });
    expect(frameEventOf({ origin, source: otherWindow as never, data: ready }, expected)).toBeNull();
    expect(frameEventOf({ origin: 'https://evil.example', source: frameWindow as never, data: ready }, expected)).toBeNull();
    expect(frameEventOf({ origin, source: null, data: ready }, { origin, source: null })).toBeNull();
    expect(frameEventOf({ origin, source: frameWindow as never, data: { type: 'ready' } }, expected)).toBeNull();

    const close = envelope({ type: 'close' });
    const parent = { name: 'the player page' };
    const appOrigin = 'https://acme.example';
    expect(frameCommandOf({ origin: appOrigin, source: parent as never, data: close }, { origin: appOrigin, source: parent })).toEqual({ type: 'close' });
    // Before the frame knows the app's origin it takes no command at all.
    expect(frameCommandOf({ origin: appOrigin, source: parent as never, data: close }, { origin: undefined, source: parent })).toBeNull();
    expect(frameCommandOf({ origin, source: parent as never, data: close }, { origin: appOrigin, source: parent })).toBeNull();
    expect(frameCommandOf({ origin: appOrigin, source: otherWindow as never, data: close }, { origin: appOrigin, source: parent })).toBeNull();
  });

  it('takes a blocked origin only as an origin, and reports only other origins', () => {
    expect(readFrameEvent(envelope({ type: 'blocked', origin: 'https://CDN.example.com:8443' }))).toEqual({ type: 'blocked', origin: 'https://cdn.example.com:8443' });
    for (const origin of ['https://cdn.example.com/lib.js', 'javascript:alert(1)', 'https://cdn.example.com<img>', 'https://user@cdn.example.com', 'data:text/html,x', '', 42, 'https://' + 'a'.repeat(400)]) {
      expect(readFrameEvent(envelope({ type: 'blocked', origin: origin as string }))).toBeNull();
    }
    expect(blockedOriginOf('https://cdn.example.com/lib/x.js?token=secret', 'https://content.test')).toBe('https://cdn.example.com');
    expect(blockedOriginOf('http://old.example:8080/a.js', 'https://content.test')).toBe('http://old.example:8080');
    for (const uri of ['inline', 'eval', 'data', 'blob:https://content.test/x', 'https://content.test/c/x/a.js', 'wasm-eval', '']) {
      expect(blockedOriginOf(uri, 'https://content.test')).toBeNull();
    }
  });
});
