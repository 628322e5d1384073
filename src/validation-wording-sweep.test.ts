import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithUser, createTestApp, type TestContext } from '../test/app.js';
import { engine } from '../test/db.js';
import { fieldLabels } from './platform/http/field-labels.js';
import { fieldLabel } from './platform/http/validation-messages.js';
import { startSession } from './platform/identity/sessions.service.js';
import { createUser } from './platform/identity/users.service.js';
import type { Language } from './platform/http/language.js';
import type { Tenant } from './platform/tenancy/tenants.repository.js';

/**
 * Refused input is worded for people: every field message of every API route, in German and in
 * English, names the field as people know it and says what is allowed, and never repeats a
 * validator's own wording ("Too small: expected string to have >=1 characters", a regular
 * expression). The sweep sends each route of the OpenAPI document wrong input, field by field.
 */

/** The validators' wording (zod's English and German locales) and what gives a leak away. */
const VALIDATOR_WORDING =
  /expected|received|invalid input|invalid (string|option|uuid|email|format|value|key|element)|too (small|big)|unrecognized|must match|zu (klein|groß)|ungültige (eingabe|option|zeichenkette)|erwartet|unbekannte? schlüssel|\/\^|>=|<=|\bNaN\b|\bundefined\b|\[object/i;

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  format?: string;
  pattern?: string;
}

interface Operation {
  method: string;
  path: string;
  body?: JsonSchema;
  query: { name: string; schema: JsonSchema }[];
}

const typeOf = (schema: JsonSchema): string | undefined => {
  const own = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  return own ?? schema.anyOf?.map(typeOf).find(Boolean) ?? schema.oneOf?.map(typeOf).find(Boolean);
};

/** Values of a field that its schema refuses: the wrong type, and each bound just crossed. */
function wrongValues(schema: JsonSchema): unknown[] {
  const type = typeOf(schema);
  const out: unknown[] = [];
  if (type === 'string') {
    out.push(12345);
    if (schema.minLength) out.push('');
    if (schema.maxLength) out.push('x'.repeat(schema.maxLength + 1));
    if (schema.format || schema.pattern) out.push('?? not this ??');
    if (schema.enum) out.push('not-one-of-them');
  } else if (type === 'number' || type === 'integer') {
    out.push('many');
    if (schema.minimum !== undefined) out.push(schema.minimum - 1);
    if (schema.maximum !== undefined) out.push(schema.maximum + 1);
  } else if (type === 'boolean') {
    out.push('perhaps');
  } else if (type === 'array') {
    out.push('not a list');
    if (schema.minItems) out.push([]);
    if (schema.items) out.push(...wrongValues(schema.items).slice(0, 1).map((item) => [item]));
  } else if (type === 'object') {
    out.push('not an object');
    for (const [name, property] of Object.entries(schema.properties ?? {}).slice(0, 8)) out.push({ [name]: wrongValues(property)[0] });
  }
  return out;
}

/** The same, as a query string value. */
function wrongQueryValues(schema: JsonSchema): string[] {
  const type = typeOf(schema);
  const out = ['x'.repeat(3000)];
  if (type === 'number' || type === 'integer') out.push('many', '-1', '99999999');
  if (type === 'boolean') out.push('perhaps');
  if (schema.enum || schema.format || schema.pattern) out.push('not-one-of-them');
  return out;
}

describe(`validation wording sweep (${engine})`, () => {
  let ctx: TestContext;
  let site: { tenant: Tenant; host: string };
  let admin: { id: string };
  let operations: Operation[] = [];

  beforeAll(async () => {
    ctx = await createTestApp({ env: { LECTERN_RATE_LIMIT_IP_PER_MINUTE: '0', LECTERN_RATE_LIMIT_USER_PER_MINUTE: '0' } });
    site = await createTenantWithUser(ctx.db, 'wording');
    admin = await createUser(ctx.db, site.tenant.id, { email: 'admin-user@wording.test', firstName: 'Ada', lastName: 'Admin', roles: ['admin'], password: 'Correct-Horse-9' });
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; parameters?: { in: string; name: string; schema: JsonSchema }[] }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        ...(op.requestBody?.content?.['application/json']?.schema ? { body: op.requestBody.content['application/json'].schema } : {}),
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
      })),
    );
  });
  afterAll(() => ctx.close());

  /** A fresh session per request: a route that ends sessions cannot spoil the next one. */
  async function call(options: InjectOptions, language: Language) {
    const { sessionId } = await startSession(ctx.db, site.tenant, { ...admin, tenantId: site.tenant.id } as never, { ip: '198.51.100.9', userAgent: 'wording sweep' });
    return ctx.app.inject({ ...options, headers: { host: site.host, cookie: `lectern_session=${sessionId}`, 'accept-language': language } });
  }

  it('every field of every route has a label in German and in English', () => {
    const labels = fieldLabels();
    const names = new Set<string>();
    const collect = (schema: JsonSchema | undefined) => {
      if (!schema) return;
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        names.add(name);
        collect(property);
      }
      collect(schema.items);
      schema.anyOf?.forEach(collect);
      schema.oneOf?.forEach(collect);
    };
    for (const op of operations) {
      collect(op.body);
      op.query.forEach((q) => names.add(q.name));
      for (const [, name] of op.path.matchAll(/\{([^}]+)\}/g)) names.add(name!);
    }
    expect(names.size).toBeGreaterThan(50);
    const unlabelled = [...names].filter((name) => !labels[name]?.en || !labels[name]?.de).sort();
    expect(unlabelled, 'fields without a label: add one to field-labels.ts or the area’s field labels').toEqual([]);
  });

  it('refused input names each field as people know it and says what is allowed, in both languages, never in a validator’s words', async () => {
    const requests: { what: string; options: InjectOptions }[] = [];
    const url = (op: Operation, fill = '00000000-0000-4000-8000-000000000000') => op.path.replace(/\{[^}]+\}/g, fill);
    for (const op of operations) {
      if (op.path.includes('{')) requests.push({ what: `${op.method} ${op.path} with a path parameter that is no id`, options: { method: op.method as InjectOptions['method'], url: url(op, 'not-an-id'), ...(op.body ? { payload: {} } : {}) } });
      if (op.body) {
        if (op.body.required?.length) requests.push({ what: `${op.method} ${op.path} with an empty body`, options: { method: op.method as InjectOptions['method'], url: url(op), payload: {} } });
        requests.push({ what: `${op.method} ${op.path} with a list for a body`, options: { method: op.method as InjectOptions['method'], url: url(op), payload: [] as never } });
        for (const [name, property] of Object.entries(op.body.properties ?? {})) {
          for (const value of wrongValues(property)) {
            requests.push({ what: `${op.method} ${op.path} with ${name} = ${JSON.stringify(value).slice(0, 40)}`, options: { method: op.method as InjectOptions['method'], url: url(op), payload: { [name]: value } } });
          }
        }
      }
      for (const { name, schema } of op.query) {
        for (const value of wrongQueryValues(schema)) {
          requests.push({ what: `${op.method} ${op.path}?${name}=${value.slice(0, 20)}`, options: { method: op.method as InjectOptions['method'], url: `${url(op)}?${name}=${encodeURIComponent(value)}`, ...(op.body ? { payload: {} } : {}) } });
        }
      }
    }

    const labels = fieldLabels();
    const wrong: string[] = [];
    let checked = 0;
    for (const { what, options } of requests) {
      for (const language of ['de', 'en'] as const) {
        const res = await call(options, language);
        if (res.statusCode >= 500) wrong.push(`${what} (${language}): ${res.statusCode}`);
        const error = (res.json() as { error?: { code: string; message: string; fields?: { field: string; message: string }[] } }).error;
        if (!error || (error.code !== 'VALIDATION_FAILED' && error.code !== 'NAME_INVALID')) continue;
        if (VALIDATOR_WORDING.test(error.message)) wrong.push(`${what} (${language}): message "${error.message}"`);
        for (const field of error.fields ?? []) {
          checked++;
          const path = field.field.replace(/^(query|params|headers)\./, '').split('.');
          const label = fieldLabel(path[0] === '(root)' ? [] : path, labels, language);
          if (!field.message.startsWith(`${label}: `)) wrong.push(`${what} (${language}): ${field.field} does not start with its label "${label}": "${field.message}"`);
          if (VALIDATOR_WORDING.test(field.message)) wrong.push(`${what} (${language}): ${field.field} in a validator's words: "${field.message}"`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // The sweep reached the validation of many fields, not a guard in front of them.
    expect(checked).toBeGreaterThan(300);
  }, 300_000);
});
