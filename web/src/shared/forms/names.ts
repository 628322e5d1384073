import { NAME_PROBLEM_MESSAGES, nameProblem, normaliseName } from '../../../../src/platform/names/display-name.contract';

export { normaliseName };

/**
 * The server's objection to each of these names (the same rules: no name that shows nothing,
 * no direction or control characters), in the UI language, before anything is sent. Empty
 * fields are left to the form's own required-field handling.
 */
export function nameErrors(names: Record<string, string | null | undefined>, language: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, value] of Object.entries(names)) {
    const name = normaliseName(value ?? '');
    const problem = name === '' ? null : nameProblem(name);
    if (problem) errors[field] = NAME_PROBLEM_MESSAGES[problem][language.startsWith('de') ? 'de' : 'en'];
  }
  return errors;
}
