import type { z } from 'zod';
import { errorMessage, type AppError, type Language } from '../../platform/http/index.js';
import { checkoutInput, type CheckoutInput } from '../checkout/checkout.contract.js';
import { isKnownCountry } from './countries.js';
import { STORE_TEXT } from './storefront-text.js';

/** The fields of the checkout form, named as the checkout contract names them. */
export const CHECKOUT_FIELDS = ['firstName', 'lastName', 'email', 'country', 'company', 'vatId', 'address', 'paymentMethod', 'quantity'] as const;
export type CheckoutField = (typeof CHECKOUT_FIELDS)[number];

/** What the buyer typed, as typed: a refused form is shown again with it. */
export type CheckoutFormValues = Record<CheckoutField, string> & { currency: string };

/** What is wrong with a sent form: a message per field it names, and one for the whole form when nothing names a field of it. */
export interface CheckoutErrors {
  fields: Partial<Record<CheckoutField, string>>;
  form: string | undefined;
}

export const NO_ERRORS: CheckoutErrors = { fields: {}, form: undefined };

/** The form's values from a parsed body (form-encoded: strings; anything else counts as empty). */
export function formValuesOf(body: unknown): CheckoutFormValues {
  const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (name: string) => (typeof record[name] === 'string' ? (record[name] as string) : '');
  const values = Object.fromEntries(CHECKOUT_FIELDS.map((field) => [field, text(field)])) as Record<CheckoutField, string>;
  return { ...values, currency: text('currency') };
}

const isField = (name: string): name is CheckoutField => (CHECKOUT_FIELDS as readonly string[]).includes(name);

/** The form's own words for a field the contract refuses: what to do, in the page's language. */
function messageOf(field: CheckoutField, issue: z.core.$ZodIssue, value: string, language: Language): string {
  const t = STORE_TEXT[language];
  if (issue.code === 'too_big' && typeof issue.maximum === 'number' && value.trim() !== '') return t.tooLong(Number(issue.maximum));
  switch (field) {
    case 'firstName':
      return t.firstNameRequired;
    case 'lastName':
      return t.lastNameRequired;
    case 'email':
      return t.emailInvalid;
    case 'country':
      return errorMessage('MARKET_COUNTRY_INVALID', language);
    case 'quantity':
      return errorMessage('MARKET_QUANTITY_INVALID', language);
    case 'paymentMethod':
      return errorMessage('MARKET_PAYMENT_METHOD_UNAVAILABLE', language);
    default:
      return t.fieldInvalid;
  }
}

/**
 * The order the form asks for, checked against the checkout contract first (so a refusal is
 * worded for the form, field by field), or what is wrong with it.
 */
export function checkoutRequestOf(
  values: CheckoutFormValues,
  context: { productSlug: string; seats: boolean; free: boolean; language: Language },
): { input: CheckoutInput; errors?: undefined } | { input?: undefined; errors: CheckoutErrors } {
  const candidate = {
    productSlug: context.productSlug,
    currency: values.currency || undefined,
    quantity: context.seats ? values.quantity : '1',
    seatPack: context.seats,
    email: values.email,
    firstName: values.firstName,
    lastName: values.lastName,
    company: values.company,
    address: values.address,
    country: values.country,
    vatId: values.vatId,
    // A free product is paid by nobody: the way of paying is not asked.
    paymentMethod: context.free ? 'card' : values.paymentMethod || undefined,
    language: context.language,
  };
  const parsed = checkoutInput.safeParse(candidate);
  const fields: CheckoutErrors['fields'] = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '');
      const field = name === 'seatPack' ? 'quantity' : name;
      if (isField(field) && fields[field] === undefined) fields[field] = messageOf(field, issue, values[field], context.language);
    }
  }
  // The contract takes any two letters; the form offers the countries it can name.
  if (fields.country === undefined && !isKnownCountry(values.country.trim().toUpperCase())) fields.country = errorMessage('MARKET_COUNTRY_INVALID', context.language);
  if (!parsed.success || Object.keys(fields).length > 0) {
    return { errors: { fields, form: Object.keys(fields).length === 0 ? errorMessage('VALIDATION_FAILED', context.language) : undefined } };
  }
  return { input: candidate as CheckoutInput };
}

/** Where a refusal of the order (AppError) belongs on the form: at the field it names, else above the form. */
export function checkoutErrorsOf(error: AppError, context: { seats: boolean; language: Language }): CheckoutErrors {
  const fields: CheckoutErrors['fields'] = {};
  let form: string | undefined;
  for (const problem of error.fields ?? []) {
    const message = 'message' in problem ? problem.message[context.language] : errorMessage(error.code, context.language);
    const field = problem.field === 'seatPack' ? 'quantity' : problem.field;
    // The number of seats is on the form only when seats are bought.
    if (isField(field) && (field !== 'quantity' || context.seats)) fields[field] ??= message;
    else form ??= message;
  }
  if (Object.keys(fields).length === 0) form ??= errorMessage(error.code, context.language);
  return { fields, form };
}
