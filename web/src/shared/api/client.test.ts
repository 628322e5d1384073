import { describe, expect, it } from 'vitest';
import { createApiClient } from './client';
import { ApiError } from './errors';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch: typeof globalThis.fetch = async (input, init = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const call = { url, init };
    calls.push(call);
    return respond(call);
  };
  return { fetch, calls };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function client(respond: (call: Call) => Response | Promise<Response>, language = 'de') {
  const fake = fakeFetch(respond);
  const api = createApiClient({
    getLanguage: () => language,
    fetch: fake.fetch,
    messages: { network: () => 'offline', unexpected: (status) => `unexpected ${String(status)}` },
  });
  return { api, calls: fake.calls };
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('api client requests', () => {
  it('sends JSON with the UI language and same-origin credentials', async () => {
    const { api, calls } = client(() => json(200, { name: 'Demo', slug: 'demo' }));
    await expect(api.post('/api/auth/sign-in', { email: 'a@b.c', password: 'x' })).resolves.toEqual({ name: 'Demo', slug: 'demo' });
    const [call] = calls;
    expect(call?.url).toBe('/api/auth/sign-in');
    expect(call?.init.method).toBe('POST');
    expect(call?.init.credentials).toBe('same-origin');
    expect(call?.init.body).toBe(JSON.stringify({ email: 'a@b.c', password: 'x' }));
    expect(call?.init.headers).toMatchObject({
      Accept: 'application/json',
      'Accept-Language': 'de',
      'Content-Type': 'application/json',
    });
  });

  it('sends {} as the body of a POST without one', async () => {
    const { api, calls } = client(() => new Response(null, { status: 204 }));
    await expect(api.post('/api/auth/sign-out')).resolves.toBeUndefined();
    expect(calls[0]?.init.body).toBe('{}');
  });

  it('sends no body and no Content-Type on GET', async () => {
    const { api, calls } = client(() => json(200, {}));
    await api.get('/api/tenant');
    expect(calls[0]?.init.body).toBeUndefined();
    expect(calls[0]?.init.headers).not.toHaveProperty('Content-Type');
  });

  it('asks for the language current at the time of each request', async () => {
    let language = 'en';
    const fake = fakeFetch(() => json(200, {}));
    const api = createApiClient({ getLanguage: () => language, fetch: fake.fetch });
    await api.get('/a');
    language = 'de';
    await api.get('/b');
    expect(fake.calls.map((c) => (c.init.headers as Record<string, string>)['Accept-Language'])).toEqual(['en', 'de']);
  });
});

describe('api client errors', () => {
  it('turns an error body into an ApiError with the server message and fields', async () => {
    const { api } = client(() =>
      json(400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'Bitte prüfen Sie Ihre Eingaben.',
          fields: [{ field: 'email', message: 'Pflichtfeld' }],
          requestId: 'r1',
        },
      }),
    );
    const error = await rejection(api.post('/api/auth/sign-in', { email: '', password: '' }));
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: 'Bitte prüfen Sie Ihre Eingaben.', requestId: 'r1' });
    expect(error.fields).toEqual([{ field: 'email', message: 'Pflichtfeld' }]);
  });

  it('reports an unreachable server as NETWORK_ERROR', async () => {
    const { api } = client(() => {
      throw new TypeError('Failed to fetch');
    });
    const error = await rejection(api.get('/api/tenant'));
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR', message: 'offline' });
  });

  it('reports a non-JSON error page as UNEXPECTED_RESPONSE with the status', async () => {
    const { api } = client(() => new Response('<h1>Bad Gateway</h1>', { status: 502 }));
    const error = await rejection(api.get('/api/tenant'));
    expect(error).toMatchObject({ status: 502, code: 'UNEXPECTED_RESPONSE', message: 'unexpected 502' });
  });

  it('reports a success answer that is not JSON as UNEXPECTED_RESPONSE', async () => {
    const { api } = client(() => new Response('<!doctype html>', { status: 200 }));
    const error = await rejection(api.get('/api/tenant'));
    expect(error.code).toBe('UNEXPECTED_RESPONSE');
  });

  it('passes an abort through unchanged', async () => {
    const { api } = client(() => {
      throw new DOMException('The operation was aborted.', 'AbortError');
    });
    await expect(api.get('/api/tenant')).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('api client auth-lost notifications', () => {
  it('sends a JSON body with DELETE when given one (a confirmation), and none otherwise', async () => {
    const { api, calls } = client(() => new Response(null, { status: 204 }));
    await api.delete('/api/me/sessions/abc', { body: { currentPassword: 'secret' } }).catch(() => undefined);
    await api.delete('/api/me/tokens/1').catch(() => undefined);
    expect(calls[0]?.init).toMatchObject({ method: 'DELETE', body: JSON.stringify({ currentPassword: 'secret' }) });
    expect((calls[0]?.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(calls[1]?.init.body).toBeUndefined();
  });

  it('tells listeners about AUTH_REQUIRED and AUTH_SESSION_EXPIRED', async () => {
    const codes = ['AUTH_REQUIRED', 'AUTH_SESSION_EXPIRED'];
    const { api } = client(() => json(401, { error: { code: codes.shift(), message: 'Bitte melden Sie sich an.' } }));
    const seen: string[] = [];
    api.onAuthLost((error) => seen.push(error.code));
    await rejection(api.get('/api/courses'));
    await rejection(api.get('/api/courses'));
    expect(seen).toEqual(['AUTH_REQUIRED', 'AUTH_SESSION_EXPIRED']);
  });

  it('stays quiet for wrong credentials, for opted-out requests and after unsubscribing', async () => {
    let code = 'AUTH_INVALID_CREDENTIALS';
    const { api } = client(() => json(401, { error: { code, message: 'Wrong' } }));
    const seen: string[] = [];
    const unsubscribe = api.onAuthLost((error) => seen.push(error.code));

    await rejection(api.post('/api/auth/sign-in', { email: 'a', password: 'b' }));
    code = 'AUTH_REQUIRED';
    await rejection(api.get('/api/auth/session', { reportAuthLost: false }));
    unsubscribe();
    await rejection(api.get('/api/courses'));

    expect(seen).toEqual([]);
  });
});

describe('api client raw bodies and response notifications', () => {
  it('sends a raw body with its own content type', async () => {
    const { api, calls } = client(() => json(201, { created: 1 }));
    await api.postRaw('/api/admin/users/import', { raw: 'email\na@b.c\n', contentType: 'text/csv' });
    expect(calls[0]?.init.body).toBe('email\na@b.c\n');
    expect(calls[0]?.init.headers).toMatchObject({ 'Content-Type': 'text/csv' });
  });

  it('tells response listeners about every answer, errors included, but not about network failures', async () => {
    let fail = false;
    const { api } = client(() => {
      if (fail) throw new TypeError('Failed to fetch');
      return json(404, { error: { code: 'HTTP_NOT_FOUND', message: 'nothing' } });
    });
    const seen: string[] = [];
    const unsubscribe = api.onResponse((info) => seen.push(`${info.method} ${info.path} ${String(info.status)}`));
    await rejection(api.get('/api/nothing'));
    fail = true;
    await rejection(api.get('/api/offline'));
    unsubscribe();
    fail = false;
    await rejection(api.get('/api/after'));
    expect(seen).toEqual(['GET /api/nothing 404']);
  });
});
