import { describe, expect, it } from 'vitest';
import { XapiError } from '../xapi/xapi-error.js';
import { checkPreconditions, checkUnconditionalPut, etagOf, parseEtagCondition, unconditionalPutOf } from './document-preconditions.js';

const TAG = etagOf(Buffer.from('{"n":1}'));

const statusOf = (run: () => void) => {
  try {
    run();
    return 'passes';
  } catch (error) {
    if (error instanceof XapiError) return error.status;
    throw error;
  }
};

describe('document preconditions', () => {
  it('reads `*`, lists of quoted, weak and bare tags, and refuses what is no list of tags', () => {
    expect(parseEtagCondition(undefined, 'If-Match')).toBeUndefined();
    expect(parseEtagCondition('  ', 'If-Match')).toBeUndefined();
    expect(parseEtagCondition(' * ', 'If-Match')).toEqual({ any: true });
    expect(parseEtagCondition('"a", W/"b" ,c', 'If-Match')).toEqual({ any: false, tags: ['a', 'b', 'c'] });
    expect(parseEtagCondition('"a,b"', 'If-None-Match')).toEqual({ any: false, tags: ['a,b'] });
    for (const malformed of ['"a" "b"', 'a b', '"a', '"a",,"b"']) expect(() => parseEtagCondition(malformed, 'If-Match'), malformed).toThrow(XapiError);
  });

  it('passes If-Match only for a document it names, If-None-Match only when it names none', () => {
    const current = { etag: TAG };
    const check = (ifMatch: string | undefined, ifNoneMatch: string | undefined, document: { etag: string } | undefined) =>
      statusOf(() => checkPreconditions({ ifMatch: parseEtagCondition(ifMatch, 'If-Match'), ifNoneMatch: parseEtagCondition(ifNoneMatch, 'If-None-Match') }, document));
    expect(check(`"${TAG}"`, undefined, current)).toBe('passes');
    expect(check(`"${TAG.toUpperCase()}"`, undefined, current)).toBe('passes');
    expect(check('"other"', undefined, current)).toBe(412);
    expect(check('*', undefined, current)).toBe('passes');
    expect(check('*', undefined, undefined)).toBe(412);
    expect(check(`"${TAG}"`, undefined, undefined)).toBe(412);
    expect(check(undefined, '*', current)).toBe(412);
    expect(check(undefined, '*', undefined)).toBe('passes');
    expect(check(undefined, `"${TAG}"`, current)).toBe(412);
    expect(check(undefined, '"other"', current)).toBe('passes');
    // A tag split at a comma inside quotes does not become our tag.
    expect(check(`"x,${TAG}"`, undefined, current)).toBe(412);
  });

  it('lets a PUT without preconditions overwrite State in 1.0.x, create anything in 2.0.0, and never replace a profile', () => {
    const none = { ifMatch: undefined, ifNoneMatch: undefined };
    const put = (kind: 'state' | 'activity_profile', version: '1.0' | '2.0', exists: boolean) => statusOf(() => checkUnconditionalPut(none, unconditionalPutOf(kind, version), exists));
    expect(put('state', '1.0', true)).toBe('passes');
    expect(put('state', '1.0', false)).toBe('passes');
    expect(put('state', '2.0', true)).toBe(409);
    expect(put('state', '2.0', false)).toBe('passes');
    expect(put('activity_profile', '1.0', true)).toBe(409);
    expect(put('activity_profile', '1.0', false)).toBe(400);
    expect(put('activity_profile', '2.0', true)).toBe(409);
    expect(put('activity_profile', '2.0', false)).toBe('passes');
    const withHeader = { ifMatch: undefined, ifNoneMatch: parseEtagCondition('*', 'If-None-Match') };
    expect(statusOf(() => checkUnconditionalPut(withHeader, 'never', false))).toBe('passes');
  });
});
