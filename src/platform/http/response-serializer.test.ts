import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responseSerializerCompiler } from './response-serializer.js';

const compile = (schema: z.ZodType) =>
  responseSerializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' } as never) as (data: unknown) => string;

describe('response serializer', () => {
  it('writes only the declared properties, at any depth', () => {
    const serialize = compile(z.object({ user: z.object({ id: z.string(), roles: z.array(z.string()) }), total: z.number() }));
    const body = JSON.parse(serialize({ user: { id: 'u1', roles: ['admin'], passwordHash: '$argon2id$secret' }, total: 1, internal: true }));
    expect(body).toEqual({ user: { id: 'u1', roles: ['admin'] }, total: 1 });
  });

  it('keeps null and optional values as declared', () => {
    const serialize = compile(z.object({ a: z.string().nullable(), b: z.number().optional() }));
    expect(JSON.parse(serialize({ a: null }))).toEqual({ a: null });
  });

  it('falls back to the schema check for what JSON Schema cannot express', () => {
    const serialize = compile(z.object({ at: z.date() }));
    expect(JSON.parse(serialize({ at: new Date('2026-01-02T03:04:05Z'), extra: 1 }))).toEqual({ at: '2026-01-02T03:04:05.000Z' });
  });
});
