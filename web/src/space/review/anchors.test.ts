import { describe, expect, it } from 'vitest';
import { anchorOf, commentQuery, describeAnchor, EMPTY_DRAFT, formatTime, NO_FILTERS, regionFromDrag } from './anchors';

describe('formatTime', () => {
  it('shows minutes and seconds, hours past the hour', () => {
    expect(formatTime(0)).toBe('00:00');
    expect(formatTime(5.9)).toBe('00:05');
    expect(formatTime(65)).toBe('01:05');
    expect(formatTime(59 * 60 + 59)).toBe('59:59');
    expect(formatTime(3723)).toBe('1:02:03');
  });

  it('takes no time for nothing that is a time', () => {
    expect(formatTime(Number.NaN)).toBe('00:00');
    expect(formatTime(-3)).toBe('00:00');
  });
});

describe('describeAnchor', () => {
  it('says each kind of anchor', () => {
    expect(describeAnchor({ kind: 'time', seconds: 75.4 })).toEqual({ key: 'time', values: { time: '01:15' } });
    expect(describeAnchor({ kind: 'page', page: 3 })).toEqual({ key: 'page', values: { page: 3 } });
    expect(describeAnchor({ kind: 'slide', slide: 'sco-2', title: 'Lifting safely' })).toEqual({ key: 'slide', values: { slide: 'Lifting safely' } });
    expect(describeAnchor({ kind: 'slide', slide: 'sco-2' })).toEqual({ key: 'slide', values: { slide: 'sco-2' } });
    expect(describeAnchor({ kind: 'region', x: 0.1, y: 0.255, width: 0.3, height: 0.4 })).toEqual({ key: 'region', values: { x: 10, y: 26, width: 30, height: 40 } });
    expect(describeAnchor({ kind: 'file' })).toEqual({ key: 'file', values: {} });
  });
});

describe('anchorOf', () => {
  it('takes the current time of a video or audio, or the whole file', () => {
    expect(anchorOf('video', { ...EMPTY_DRAFT, seconds: 12.34 })).toEqual({ kind: 'time', seconds: 12.3 });
    expect(anchorOf('audio', { ...EMPTY_DRAFT, atTime: false, seconds: 12 })).toEqual({ kind: 'file' });
  });

  it('takes a page of a PDF when one is typed', () => {
    expect(anchorOf('pdf', { ...EMPTY_DRAFT, page: ' 4 ' })).toEqual({ kind: 'page', page: 4 });
    expect(anchorOf('pdf', { ...EMPTY_DRAFT, page: '' })).toEqual({ kind: 'file' });
    expect(anchorOf('pdf', { ...EMPTY_DRAFT, page: '0' })).toEqual({ kind: 'file' });
    expect(anchorOf('office', { ...EMPTY_DRAFT, page: '2' })).toEqual({ kind: 'page', page: 2 });
  });

  it('takes a dragged region of an image, a slide of a course', () => {
    const region = { kind: 'region' as const, x: 0.1, y: 0.2, width: 0.3, height: 0.4 };
    expect(anchorOf('image', { ...EMPTY_DRAFT, region })).toEqual(region);
    expect(anchorOf('image', EMPTY_DRAFT)).toEqual({ kind: 'file' });
    expect(anchorOf('course', { ...EMPTY_DRAFT, slide: ' Lesson 2 ' })).toEqual({ kind: 'slide', slide: 'Lesson 2' });
  });

  it('never sends an anchor that does not fit the file', () => {
    const everything = { atTime: true, seconds: 3, page: '2', region: { kind: 'region' as const, x: 0, y: 0, width: 1, height: 1 }, slide: 'x' };
    expect(anchorOf('other', everything)).toEqual({ kind: 'file' });
    expect(anchorOf('pdf', everything)).toEqual({ kind: 'page', page: 2 });
    expect(anchorOf('image', everything).kind).toBe('region');
  });
});

describe('regionFromDrag', () => {
  const box = { left: 100, top: 50, width: 200, height: 100 };

  it('gives the dragged rectangle as fractions of the image, whichever way the drag went', () => {
    expect(regionFromDrag({ x: 120, y: 60 }, { x: 220, y: 110 }, box)).toEqual({ kind: 'region', x: 0.1, y: 0.1, width: 0.5, height: 0.5 });
    expect(regionFromDrag({ x: 220, y: 110 }, { x: 120, y: 60 }, box)).toEqual({ kind: 'region', x: 0.1, y: 0.1, width: 0.5, height: 0.5 });
  });

  it('keeps the region on the image', () => {
    expect(regionFromDrag({ x: 200, y: 100 }, { x: 900, y: 900 }, box)).toEqual({ kind: 'region', x: 0.5, y: 0.5, width: 0.5, height: 0.5 });
  });

  it('takes a click for no region', () => {
    expect(regionFromDrag({ x: 150, y: 80 }, { x: 151, y: 81 }, box)).toBeNull();
    expect(regionFromDrag({ x: 150, y: 80 }, { x: 190, y: 90 }, { ...box, width: 0 })).toBeNull();
  });
});

describe('commentQuery', () => {
  it('sends only the filters set', () => {
    expect(commentQuery(NO_FILTERS)).toBe('');
    expect(commentQuery({ status: 'resolved', authorId: '', version: '2' })).toBe('status=resolved&version=2');
  });
});
