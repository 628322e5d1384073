import type { Language } from '../../platform/http/index.js';

type Text = Record<Language, string>;

/**
 * A refusal in the LRS's own words: the status the xAPI specification requires, a stable code, the
 * field it is about and a message in German and English. Answered as `{ code, field, message }`
 * (xapi-scope.ts), not in the app's error shape: xAPI clients read the status and show the text.
 */
export class XapiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Text,
    readonly field?: string,
    /** Answer headers the refusal needs (`WWW-Authenticate`, `Retry-After`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(text.en);
  }
}

export const badRequest = (code: string, text: Text, field?: string) => new XapiError(400, code, text, field);

/** A query or header parameter the request lacks or got wrong (400). */
export function badParameter(name: string, problem: 'missing' | 'invalid' | 'unknown' | 'twice' | 'not-allowed', detail?: string): XapiError {
  const texts: Record<typeof problem, Text> = {
    missing: { en: `The parameter ${name} is required.`, de: `Der Parameter ${name} fehlt.` },
    invalid: { en: `The parameter ${name} is not valid${detail ? `: ${detail}` : ''}.`, de: `Der Parameter ${name} ist ungültig${detail ? `: ${detail}` : ''}.` },
    unknown: { en: `The parameter ${name} is not known here (parameter names are case-sensitive).`, de: `Den Parameter ${name} gibt es hier nicht (Groß- und Kleinschreibung zählt).` },
    twice: { en: `The parameter ${name} is given more than once.`, de: `Der Parameter ${name} ist mehrfach angegeben.` },
    'not-allowed': { en: `The parameter ${name} is not allowed with this request${detail ? `: ${detail}` : ''}.`, de: `Der Parameter ${name} ist bei dieser Anfrage nicht erlaubt${detail ? `: ${detail}` : ''}.` },
  };
  return new XapiError(400, `LRS_PARAMETER_${problem.toUpperCase().replace('-', '_')}`, texts[problem], name);
}
