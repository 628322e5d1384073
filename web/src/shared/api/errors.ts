// The server answers every error as
//   { "error": { "code", "message", "fields"?: [{ "field", "message", "value"? }], "requestId" } }
// with a localised message. ApiError carries that to the UI.

export interface ApiFieldError {
  field: string;
  /** For people, in the UI language; it names the field. */
  message: string;
  /** The value at fault, when the server names one (the entry of a zip, the name taken). */
  value?: string;
}

/** Codes the client produces itself, when there is no usable server answer. */
export const CLIENT_ERROR_CODES = {
  network: 'NETWORK_ERROR',
  unexpected: 'UNEXPECTED_RESPONSE',
} as const;

/** 401 codes that mean "there is no (longer a) valid session". */
export const AUTH_LOST_CODES: ReadonlySet<string> = new Set(['AUTH_REQUIRED', 'AUTH_SESSION_EXPIRED']);

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  readonly code: string;
  readonly fields: readonly ApiFieldError[];
  readonly requestId: string | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    fields?: readonly ApiFieldError[];
    requestId?: string | undefined;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? [];
    this.requestId = init.requestId;
  }

  /** The message for one field, if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field)?.message;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** True for a 401 that means the user has to sign in (again). */
export function isAuthLost(value: unknown): value is ApiError {
  return isApiError(value) && value.status === 401 && AUTH_LOST_CODES.has(value.code);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function parseFields(value: unknown): ApiFieldError[] {
  if (!Array.isArray(value)) return [];
  const fields: ApiFieldError[] = [];
  for (const item of value) {
    if (!isRecord(item)) continue;
    const field = nonEmptyString(item.field);
    const message = nonEmptyString(item.message);
    const fault = nonEmptyString(item.value);
    if (field && message) fields.push({ field, message, ...(fault ? { value: fault } : {}) });
  }
  return fields;
}

/**
 * Turns an error answer into an ApiError. `body` is the parsed JSON (or undefined when the
 * body was empty or not JSON, e.g. from a proxy); `fallbackMessage` is used when the body
 * does not have the documented shape.
 */
export function toApiError(status: number, body: unknown, fallbackMessage: string): ApiError {
  const error = isRecord(body) ? body.error : undefined;
  if (isRecord(error)) {
    const code = nonEmptyString(error.code);
    if (code) {
      return new ApiError({
        status,
        code,
        message: nonEmptyString(error.message) ?? fallbackMessage,
        fields: parseFields(error.fields),
        requestId: nonEmptyString(error.requestId),
      });
    }
  }
  return new ApiError({ status, code: CLIENT_ERROR_CODES.unexpected, message: fallbackMessage });
}
