import { identityErrors } from '../identity/identity.errors.js';
import { accountErrors } from '../identity/account.errors.js';
import { apiTokenErrors } from '../identity/api-tokens/api-tokens.errors.js';
import { mfaErrors } from '../identity/mfa/mfa.errors.js';
import { guardErrors } from '../guard/guard.errors.js';
import { tenancyErrors } from '../tenancy/tenancy.errors.js';
import type { Language } from './language.js';
import { transportErrors } from './transport.errors.js';
import { groupErrors } from '../groups/groups.errors.js';
// The one place platform composes an area: the catalogue holds every code a client can see.
// eslint-disable-next-line no-restricted-imports
import { learnErrorFragments } from '../../learn/learn.errors.js';

export interface CatalogueEntry {
  status: number;
  en: string;
  de: string;
}

const httpErrors = {
  HTTP_NOT_FOUND: { status: 404, en: 'There is nothing at this address.', de: 'Unter dieser Adresse gibt es nichts.' },
  HTTP_MALFORMED_JSON: {
    status: 400,
    en: 'The request body is not valid JSON.',
    de: 'Der Inhalt der Anfrage ist kein gültiges JSON.',
  },
  HTTP_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    en: 'This content type is not accepted here.',
    de: 'Dieser Inhaltstyp wird hier nicht angenommen.',
  },
  HTTP_BODY_TOO_LARGE: {
    status: 413,
    en: 'The request body is larger than allowed.',
    de: 'Der Inhalt der Anfrage ist größer als erlaubt.',
  },
  HTTP_NUL_CHARACTER: {
    status: 400,
    en: 'The request contains a NUL character, which no field accepts.',
    de: 'Die Anfrage enthält ein NUL-Zeichen, das kein Feld annimmt.',
  },
  HTTP_BAD_REQUEST: { status: 400, en: 'The request is malformed.', de: 'Die Anfrage ist fehlerhaft.' },
  VALIDATION_FAILED: {
    status: 400,
    en: 'Some fields are missing or invalid.',
    de: 'Einige Felder fehlen oder sind ungültig.',
  },
  AUTH_CROSS_ORIGIN: {
    status: 403,
    en: 'The request came from another site and was refused.',
    de: 'Die Anfrage kam von einer anderen Site und wurde abgelehnt.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    en: 'The service is not ready. Please try again shortly.',
    de: 'Der Dienst ist nicht bereit. Bitte versuchen Sie es gleich noch einmal.',
  },
  INTERNAL_ERROR: {
    status: 500,
    en: 'Something went wrong on our side. The error has been logged.',
    de: 'Bei uns ist ein Fehler aufgetreten. Er wurde protokolliert.',
  },
} as const satisfies Record<string, CatalogueEntry>;

/**
 * Every error a client can see: a stable code, its HTTP status and the message in both
 * languages. Clients and tests match on the code; the wording may improve over time.
 * Each feature keeps its codes in its own `*.errors.ts`; they meet here.
 */
export const catalogueFragments = { httpErrors, guardErrors, transportErrors, tenancyErrors, identityErrors, mfaErrors, apiTokenErrors, accountErrors, groupErrors, ...learnErrorFragments };

export const errorCatalogue = {
  ...httpErrors,
  ...guardErrors,
  ...transportErrors,
  ...tenancyErrors,
  ...identityErrors,
  ...accountErrors,
  ...mfaErrors,
  ...apiTokenErrors,
  ...groupErrors,
  ...learnErrorFragments.packageErrors,
  ...learnErrorFragments.courseErrors,
  ...learnErrorFragments.enrolmentErrors,
  ...learnErrorFragments.trackingErrors,
  ...learnErrorFragments.reportErrors,
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface FieldError {
  field: string;
  message: string;
}

export type LocalisedText = Record<Language, string>;

/** A field problem as a service reports it: plain text (a value, a name) or text in both languages. */
export interface FieldProblem {
  field: string;
  message: string | LocalisedText;
}

export function localiseFields(problems: FieldProblem[], language: Language): FieldError[] {
  return problems.map((p) => ({ field: p.field, message: typeof p.message === 'string' ? p.message : p.message[language] }));
}

/** An expected failure with a catalogued code; the error handler renders it for the client. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly fields?: FieldProblem[],
  ) {
    super(errorCatalogue[code].en);
    this.name = 'AppError';
    this.status = errorCatalogue[code].status;
  }
}

export function errorMessage(code: ErrorCode, language: Language): string {
  return errorCatalogue[code][language];
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldError[]; requestId: string };
}

export function errorBody(code: ErrorCode, language: Language, requestId: string, fields?: FieldError[]): ErrorBody {
  return { error: { code, message: errorMessage(code, language), ...(fields ? { fields } : {}), requestId } };
}
