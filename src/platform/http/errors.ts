import { identityErrors } from '../identity/identity.errors.js';
import { accountErrors } from '../identity/account.errors.js';
import { apiTokenErrors } from '../identity/api-tokens/api-tokens.errors.js';
import { mfaErrors } from '../identity/mfa/mfa.errors.js';
import { guardErrors } from '../guard/guard.errors.js';
import { tenancyErrors } from '../tenancy/tenancy.errors.js';
import { brandingErrors } from '../branding/branding.errors.js';
import type { Language } from './language.js';
import { fieldLabels } from './field-labels.js';
import { fieldLabel } from './validation-messages.js';
import { transportErrors } from './transport.errors.js';
import { groupErrors } from '../groups/groups.errors.js';
import { nameErrors } from '../names/names.errors.js';
import { storageErrors } from '../storage/storage.errors.js';
import { notificationErrors } from '../notifications/notifications.errors.js';
import { privacyErrors } from '../privacy/privacy.errors.js';
import { consentErrors } from '../privacy/consent/consent.errors.js';
import { accessReviewErrors } from '../access/reviews/access-reviews.errors.js';
import { staffErrors } from '../access/staff/staff.errors.js';
import { auditErrors } from '../audit/audit.errors.js';

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
  HTTP_REQUEST_TIMEOUT: {
    status: 408,
    en: 'The request did not arrive in time.',
    de: 'Die Anfrage ist nicht rechtzeitig angekommen.',
  },
  HTTP_HEADERS_TOO_LARGE: {
    status: 431,
    en: 'The request headers are larger than allowed.',
    de: 'Die Kopfzeilen der Anfrage sind größer als erlaubt.',
  },
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

const platformFragments = { httpErrors, guardErrors, transportErrors, tenancyErrors, brandingErrors, identityErrors, mfaErrors, apiTokenErrors, accountErrors, groupErrors, nameErrors, storageErrors, notificationErrors, accessReviewErrors, staffErrors, privacyErrors, consentErrors, auditErrors };
type PlatformErrors = typeof httpErrors &
  typeof guardErrors &
  typeof transportErrors &
  typeof tenancyErrors &
  typeof brandingErrors &
  typeof identityErrors &
  typeof accountErrors &
  typeof mfaErrors &
  typeof apiTokenErrors &
  typeof groupErrors &
  typeof nameErrors &
  typeof storageErrors &
  typeof notificationErrors &
  typeof accessReviewErrors &
  typeof staffErrors &
  typeof privacyErrors &
  typeof consentErrors &
  typeof auditErrors;

/**
 * Every error a client can see: a stable code, its HTTP status and the message in both
 * languages. Clients and tests match on the code; the wording may improve over time. Each
 * feature keeps its codes in its own `*.errors.ts`. The platform's meet here; a product area
 * adds its own without the platform knowing it: their types by augmenting this interface
 * (`declare module`), their entries from its module's `errors` when the module list is installed
 * at start (platform/modules/install-modules.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ErrorCatalogue extends PlatformErrors {}

export type ErrorCode = Extract<keyof ErrorCatalogue, string>;

type Fragment = Readonly<Record<string, CatalogueEntry>>;
const fragments = new Map<string, Fragment>(Object.entries(platformFragments));
const entries = new Map<string, CatalogueEntry>(Object.values(platformFragments).flatMap((fragment) => Object.entries(fragment)));

/** Adds an area's error fragments (by name) to the catalogue; a code taken already is a programming error. */
export function registerErrors(area: Record<string, Fragment>): void {
  for (const [name, fragment] of Object.entries(area)) {
    const known = fragments.get(name);
    if (known === fragment) continue;
    if (known) throw new Error(`the error fragment ${name} is registered twice`);
    const taken = Object.keys(fragment).find((code) => entries.has(code));
    if (taken) throw new Error(`the error code ${taken} is registered twice`);
    for (const [code, entry] of Object.entries(fragment)) entries.set(code, entry);
    fragments.set(name, fragment);
  }
}

/** A code nobody declared: a programming error, named at the place that uses the code. */
function unknownCode(code: string): Error {
  return new Error(`the error code ${code} is not in the catalogue: no platform fragment and no module in the module list (src/modules.ts) declares it`);
}

export function catalogueEntry(code: ErrorCode): CatalogueEntry {
  const entry = entries.get(code);
  if (!entry) throw unknownCode(code);
  return entry;
}

/** Whether `code` is in the catalogue (a code that arrives as data, e.g. from a validation issue). */
export function isErrorCode(code: string): code is ErrorCode {
  return entries.has(code);
}

/** Every registered fragment and code (for the catalogue's own tests and for documentation). */
export function registeredErrors(): { fragments: Record<string, Fragment>; entries: Record<string, CatalogueEntry> } {
  return { fragments: Object.fromEntries(fragments), entries: Object.fromEntries(entries) };
}

export interface FieldError {
  /** The field as the API names it (`email`, `tags.1`, `query.limit`). */
  field: string;
  /** What is wrong, for people, in the request's language; it names the field. */
  message: string;
  /** The value at fault, when the refusal names one (the name taken, the entry of a zip, the bytes received). */
  value?: string;
  /** The catalogued code of this field's problem, when its check names one (LEARN_CONTENT_ORIGIN_NOT_HTTPS). */
  code?: string;
}

export type LocalisedText = Record<Language, string>;

/**
 * A field problem as a service reports it: what is wrong in both languages, or the value at fault
 * (then the field's message is the code's own text, after the field's label).
 */
export type FieldProblem = { field: string; message: LocalisedText } | { field: string; value: string };

export function localiseFields(code: ErrorCode, problems: FieldProblem[], language: Language): FieldError[] {
  return problems.map((problem) => {
    const label = fieldLabel(problem.field.split('.'), fieldLabels(), language);
    if ('value' in problem) return { field: problem.field, message: `${label}: ${catalogueEntry(code)[language]}`, value: problem.value };
    return { field: problem.field, message: problem.message[language] };
  });
}

/** An expected failure with a catalogued code; the error handler renders it for the client. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly fields?: FieldProblem[],
  ) {
    const entry = entries.get(code);
    // Refused where it is made, not later when the response is rendered.
    if (!entry) throw unknownCode(code);
    super(entry.en);
    this.name = 'AppError';
    this.status = entry.status;
  }

  readonly status: number;
}

export function errorMessage(code: ErrorCode, language: Language): string {
  return catalogueEntry(code)[language];
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldError[]; requestId: string };
}

/** The body of a refusal; `message` replaces the catalogue's text when the refusal has more to say (refused input). */
export function errorBody(code: ErrorCode, language: Language, requestId: string, fields?: FieldError[], message?: string): ErrorBody {
  return { error: { code, message: message ?? errorMessage(code, language), ...(fields ? { fields } : {}), requestId } };
}
