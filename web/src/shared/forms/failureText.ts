// What a failed request says, free of React so it can be unit-tested in Node.
import { isApiError } from '../api/errors';

/** Names the thing a refused value stands for (a user id: the person's name), when the page knows it. */
export type NameOfValue = (value: string, field: string) => string | undefined;

/**
 * The message, and for each refused entry the page can name (a user among those selected), a line
 * with that name: "Lena Lindqvist: Users (entry 2): This user is deactivated." Entries it cannot
 * name add nothing: the message already says what is wrong.
 */
export function failureText(error: unknown, nameOf?: NameOfValue): { message: string; named: string[] } {
  const message = error instanceof Error ? error.message : String(error);
  if (!nameOf || !isApiError(error)) return { message, named: [] };
  const named = error.fields.flatMap((f) => {
    const name = f.value === undefined ? undefined : nameOf(f.value, f.field);
    return name ? [`${name}: ${f.message}`] : [];
  });
  return { message, named };
}
