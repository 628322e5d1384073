import { isApiError } from '../api/errors';

/**
 * Every message the server gave for one of `fields`, joined (a password can miss several rules
 * at once); undefined when the error names none of them.
 */
export function fieldError(error: unknown, ...fields: string[]): string | undefined {
  if (!isApiError(error)) return undefined;
  const messages = error.fields.filter((f) => fields.includes(f.field)).map((f) => f.message);
  return messages.length > 0 ? [...new Set(messages)].join('; ') : undefined;
}

/** Whether the server's complaint is about a field the form shows (then the field says it). */
export function namesAnyField(error: unknown, fields: readonly string[]): boolean {
  return isApiError(error) && error.fields.some((f) => fields.includes(f.field));
}
