import { describe, expect, it } from 'vitest';
import { apiQuery, DEFAULT_STATE, formatBytes, isFiltered, nextSort, paramsFromState, stateFromParams } from './libraryQuery';

const FOLDER = '3f1c2a3e-8a8b-4c44-9d1e-2f7a1b0c9d10';
const OWNER = '5e2b0f1c-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

describe('the library page’s address', () => {
  it('reads the defaults from an empty address, and writes nothing for them', () => {
    expect(stateFromParams(new URLSearchParams())).toEqual(DEFAULT_STATE);
    expect(paramsFromState(DEFAULT_STATE).toString()).toBe('');
  });

  it('keeps search, filters, sorting and page through the address', () => {
    const state = { ...DEFAULT_STATE, q: 'fire', type: 'image' as const, tag: 'safety', ownerId: OWNER, from: '2026-03-01', to: '2026-03-31', sort: 'updated' as const, order: 'desc' as const, page: 3, pageSize: 100 };
    expect(stateFromParams(paramsFromState(state))).toEqual(state);
  });

  it('ignores what it does not know: another type, sort or page size, a malformed day, a page below 1', () => {
    const state = stateFromParams(new URLSearchParams('type=movie&sort=colour&size=7&from=1.3.2026&page=-2&order=up'));
    expect(state).toEqual(DEFAULT_STATE);
  });
});

describe('apiQuery', () => {
  it('lists one page of a folder, sorted, with limit and offset (never everything)', () => {
    const query = new URLSearchParams(apiQuery(FOLDER, { ...DEFAULT_STATE, page: 4, pageSize: 25, sort: 'size', order: 'desc' }));
    expect(Object.fromEntries(query)).toEqual({ parentId: FOLDER, sort: 'size', order: 'desc', limit: '25', offset: '75' });
  });

  it('lists the top without a parent', () => {
    expect(new URLSearchParams(apiQuery(null, DEFAULT_STATE)).has('parentId')).toBe(false);
  });

  it('searches the whole library, not the folder, when there is a search', () => {
    const query = new URLSearchParams(apiQuery(FOLDER, { ...DEFAULT_STATE, q: '  induction ' }));
    expect(query.get('scope')).toBe('all');
    expect(query.get('q')).toBe('induction');
    expect(query.has('parentId')).toBe(false);
  });

  it('asks for folders and projects by kind, files by their kind of file', () => {
    expect(new URLSearchParams(apiQuery(null, { ...DEFAULT_STATE, type: 'project' })).get('kind')).toBe('project');
    const pdfs = new URLSearchParams(apiQuery(null, { ...DEFAULT_STATE, type: 'pdf' }));
    expect([pdfs.get('fileKind'), pdfs.has('kind')]).toEqual(['pdf', false]);
  });

  it('turns the days into instants: from the start of the first day to the end of the last', () => {
    const query = new URLSearchParams(apiQuery(null, { ...DEFAULT_STATE, from: '2026-03-01', to: '2026-03-31', ownerId: OWNER, tag: 'safety' }));
    expect(query.get('updatedFrom')).toBe(new Date(2026, 2, 1).toISOString());
    expect(query.get('updatedTo')).toBe(new Date(2026, 3, 1).toISOString());
    expect([query.get('ownerId'), query.get('tag')]).toEqual([OWNER, 'safety']);
  });
});

describe('isFiltered and nextSort', () => {
  it('tells a narrowed list from a whole folder', () => {
    expect(isFiltered(DEFAULT_STATE)).toBe(false);
    expect(isFiltered({ ...DEFAULT_STATE, q: ' ' })).toBe(false);
    expect(isFiltered({ ...DEFAULT_STATE, tag: 'x' })).toBe(true);
    expect(isFiltered({ ...DEFAULT_STATE, sort: 'size', page: 2 })).toBe(false);
  });

  it('sorts by a new column (names A to Z, sizes and dates largest and newest first), and turns the order round on the same column', () => {
    expect(nextSort({ sort: 'name', order: 'asc' }, 'name')).toEqual({ sort: 'name', order: 'desc' });
    expect(nextSort({ sort: 'name', order: 'desc' }, 'name')).toEqual({ sort: 'name', order: 'asc' });
    expect(nextSort({ sort: 'name', order: 'asc' }, 'updated')).toEqual({ sort: 'updated', order: 'desc' });
    expect(nextSort({ sort: 'updated', order: 'desc' }, 'kind')).toEqual({ sort: 'kind', order: 'asc' });
  });
});

describe('formatBytes', () => {
  it('shows sizes in the unit people read, in the UI language', () => {
    expect(formatBytes(0, 'en')).toBe('0 B');
    expect(formatBytes(999, 'en')).toBe('999 B');
    expect(formatBytes(1500, 'en')).toBe('1.5 kB');
    expect(formatBytes(1500, 'de')).toBe('1,5 kB');
    expect(formatBytes(250_000_000, 'en')).toBe('250 MB');
    expect(formatBytes(10_000_000_000, 'de')).toBe('10 GB');
  });
});
