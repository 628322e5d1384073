import { ApiError, CLIENT_ERROR_CODES, isAuthLost, toApiError } from './errors';

export interface ApiClientOptions {
  /** Language sent as Accept-Language, so server messages come back in the UI language. */
  getLanguage: () => string;
  /** Texts for errors without a usable server answer. */
  messages?: {
    network: () => string;
    unexpected: (status: number) => string;
  };
  fetch?: typeof globalThis.fetch;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * Whether a 401 AUTH_REQUIRED / AUTH_SESSION_EXPIRED answer is reported to the
   * onAuthLost listeners (which send the user to the sign-in page). Default true.
   */
  reportAuthLost?: boolean;
}

export type AuthLostListener = (error: ApiError) => void;

/** A request that reached the server, whatever its answer (for activity tracking). */
export interface ResponseInfo {
  method: string;
  path: string;
  status: number;
}
export type ResponseListener = (info: ResponseInfo) => void;

/** A body sent as it is, e.g. a CSV file or an image, instead of JSON. */
export interface RawBody {
  raw: string | Blob;
  contentType: string;
}

const defaultMessages = {
  network: () => 'The server cannot be reached. Please check your connection and try again.',
  unexpected: (status: number) => `Something went wrong (status ${String(status)}). Please try again.`,
};

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export function createApiClient(options: ApiClientOptions) {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const messages = options.messages ?? defaultMessages;
  const authLostListeners = new Set<AuthLostListener>();
  const responseListeners = new Set<ResponseListener>();

  async function request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body: unknown,
    requestOptions: RequestOptions = {},
    raw?: RawBody,
  ): Promise<T> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Accept-Language': options.getLanguage(),
    };
    const init: RequestInit = { method, headers, credentials: 'same-origin' };
    if (raw) {
      headers['Content-Type'] = raw.contentType;
      init.body = raw.raw;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (requestOptions.signal) init.signal = requestOptions.signal;

    let response: Response;
    try {
      response = await doFetch(path, init);
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new ApiError({ status: 0, code: CLIENT_ERROR_CODES.network, message: messages.network() });
    }

    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new ApiError({ status: 0, code: CLIENT_ERROR_CODES.network, message: messages.network() });
    }
    const parsed = parseJson(text);
    for (const listener of responseListeners) listener({ method, path, status: response.status });

    if (!response.ok) {
      const error = toApiError(response.status, parsed.ok ? parsed.value : undefined, messages.unexpected(response.status));
      if (requestOptions.reportAuthLost !== false && isAuthLost(error)) {
        for (const listener of authLostListeners) listener(error);
      }
      throw error;
    }
    if (!parsed.ok) {
      throw new ApiError({
        status: response.status,
        code: CLIENT_ERROR_CODES.unexpected,
        message: messages.unexpected(response.status),
      });
    }
    return parsed.value as T;
  }

  return {
    get<T>(path: string, requestOptions?: RequestOptions): Promise<T> {
      return request<T>('GET', path, undefined, requestOptions);
    },
    post<T>(path: string, body: unknown = {}, requestOptions?: RequestOptions): Promise<T> {
      return request<T>('POST', path, body, requestOptions);
    },
    put<T>(path: string, body: unknown, requestOptions?: RequestOptions): Promise<T> {
      return request<T>('PUT', path, body, requestOptions);
    },
    patch<T>(path: string, body: unknown, requestOptions?: RequestOptions): Promise<T> {
      return request<T>('PATCH', path, body, requestOptions);
    },
    /** DELETE; `body` for a route that asks for a confirmation (the current password). */
    delete<T>(path: string, requestOptions?: RequestOptions & { body?: unknown }): Promise<T> {
      const { body, ...rest } = requestOptions ?? {};
      return request<T>('DELETE', path, body, rest);
    },
    /** POST with a body that is not JSON (`text/csv` for an import). */
    postRaw<T>(path: string, body: RawBody, requestOptions?: RequestOptions): Promise<T> {
      return request<T>('POST', path, undefined, requestOptions, body);
    },
    /** PUT with a body that is not JSON (an image file). */
    putRaw<T>(path: string, body: RawBody, requestOptions?: RequestOptions): Promise<T> {
      return request<T>('PUT', path, undefined, requestOptions, body);
    },
    /** Called after every answer from the server (success or error, not network failures). */
    onResponse(listener: ResponseListener): () => void {
      responseListeners.add(listener);
      return () => {
        responseListeners.delete(listener);
      };
    },
    /** Called when any request (not opted out) finds that the user is not signed in. */
    onAuthLost(listener: AuthLostListener): () => void {
      authLostListeners.add(listener);
      return () => {
        authLostListeners.delete(listener);
      };
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
