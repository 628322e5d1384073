// Where a review comment applies, free of React so it can be unit-tested in Node: the anchor as
// people read it, the anchor of a new comment from where the viewer is, a region dragged on an image.
import { formatMoment } from '../../../../src/space/review/moment';
import { ANCHORS_OF, type CommentAnchor } from '../../../../src/space/review/review.contract';
import type { FileKind } from '../space.api';

export type { CommentAnchor };
/** The anchors the server takes for each kind of file, and a moment as people read it: the server's own. */
export { ANCHORS_OF, formatMoment as formatTime };
export type RegionAnchor = Extract<CommentAnchor, { kind: 'region' }>;


const percent = (fraction: number) => Math.round(fraction * 100);

/** The message (a key under `space.comments.anchors`) and its values that say where a comment applies. */
export function describeAnchor(anchor: CommentAnchor): { key: CommentAnchor['kind']; values: Record<string, string | number> } {
  switch (anchor.kind) {
    case 'time':
      return { key: 'time', values: { time: formatMoment(anchor.seconds) } };
    case 'page':
      return { key: 'page', values: { page: anchor.page } };
    case 'slide':
      return { key: 'slide', values: { slide: anchor.title ?? anchor.slide } };
    case 'region':
      return { key: 'region', values: { x: percent(anchor.x), y: percent(anchor.y), width: percent(anchor.width), height: percent(anchor.height) } };
    case 'file':
      return { key: 'file', values: {} };
  }
}

/** Where a new comment applies, as the form has it: the parts that fit the file's kind are used. */
export interface AnchorDraft {
  /** Video and audio: at the player's current time (else the whole file). */
  atTime: boolean;
  seconds: number;
  /** PDF and Office: a page number as typed ('' for the whole file). */
  page: string;
  /** Image: the region dragged on it (null for the whole image). */
  region: RegionAnchor | null;
  /** Course: a slide's name or number as typed ('' for the whole file). */
  slide: string;
}

export const EMPTY_DRAFT: AnchorDraft = { atTime: true, seconds: 0, page: '', region: null, slide: '' };

/** The anchor a new comment is sent with; the whole file where the draft names nothing that fits. */
export function anchorOf(fileKind: FileKind, draft: AnchorDraft): CommentAnchor {
  const fits = ANCHORS_OF[fileKind];
  if (fits.includes('time') && draft.atTime) return { kind: 'time', seconds: Math.round(Math.max(0, draft.seconds) * 10) / 10 };
  if (fits.includes('page') && /^\d+$/.test(draft.page.trim()) && Number(draft.page) >= 1) return { kind: 'page', page: Number(draft.page) };
  if (fits.includes('region') && draft.region) return draft.region;
  if (fits.includes('slide') && draft.slide.trim() !== '') return { kind: 'slide', slide: draft.slide.trim() };
  return { kind: 'file' };
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));
/** Below this share of the image's width and height a drag is taken for a click. */
const MIN_SIZE = 0.02;

/**
 * The region between where a drag began and where it is now, as fractions of the image's box
 * (whichever way the pointer went, clamped to the image); null for a mere click.
 */
export function regionFromDrag(start: { x: number; y: number }, end: { x: number; y: number }, box: { left: number; top: number; width: number; height: number }): RegionAnchor | null {
  if (box.width <= 0 || box.height <= 0) return null;
  const fx = (x: number) => clamp((x - box.left) / box.width);
  const fy = (y: number) => clamp((y - box.top) / box.height);
  const [x1, x2] = [fx(start.x), fx(end.x)].sort((a, b) => a - b) as [number, number];
  const [y1, y2] = [fy(start.y), fy(end.y)].sort((a, b) => a - b) as [number, number];
  if (x2 - x1 < MIN_SIZE && y2 - y1 < MIN_SIZE) return null;
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return { kind: 'region', x: round(x1), y: round(y1), width: round(x2 - x1), height: round(y2 - y1) };
}

/** The filters of the comment list, as the API's query (only those set). */
export interface CommentFilters {
  status: '' | 'open' | 'resolved' | 'reopened';
  authorId: string;
  version: string;
}

export const NO_FILTERS: CommentFilters = { status: '', authorId: '', version: '' };

export function commentQuery(filters: CommentFilters): string {
  const query = new URLSearchParams();
  if (filters.status) query.set('status', filters.status);
  if (filters.authorId) query.set('authorId', filters.authorId);
  if (filters.version) query.set('version', filters.version);
  return query.toString();
}
