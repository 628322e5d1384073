// Helpers of the Space's forms, free of React so they can be unit-tested in Node.
import { isApiError } from '../shared/api/errors';

/** Whether the API named `field` or an entry of it (`embedOrigins` names `embedOrigins.2` too). */
const under = (field: string, roots: readonly string[]) => roots.some((root) => field === root || field.startsWith(`${root}.`));

/**
 * Every message the server gave for one of `roots` or an entry of a list there (a refused
 * reviewer is `reviewers.1`), joined; undefined when the error names none of them.
 */
export function fieldErrorUnder(error: unknown, ...roots: string[]): string | undefined {
  if (!isApiError(error)) return undefined;
  const messages = error.fields.filter((f) => under(f.field, roots)).map((f) => f.message);
  return messages.length > 0 ? [...new Set(messages)].join('; ') : undefined;
}

/** Whether the server's refusal is about a field the form shows (then that field says it, not an alert). */
export function namesAnyFieldUnder(error: unknown, roots: readonly string[]): boolean {
  return isApiError(error) && error.fields.some((f) => under(f.field, roots));
}

/** The members of the Space to choose from (by name, e-mail when there is none), the signed-in one left out when `without` is given. */
export function memberOptions(members: readonly { user: { id: string; name: string; email: string } }[], without?: string): { value: string; label: string }[] {
  return members
    .filter((member) => member.user.id !== without)
    .map((member) => ({ value: member.user.id, label: member.user.name.trim() || member.user.email }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
