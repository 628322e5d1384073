import type { ApiClient } from '../../shared/api';
import { isApiError } from '../../shared/api/errors';
import type { AssignSeatsInput, SeatPackView } from '../../../../src/market/seats/seats.contract';

export type { SeatPackView };
export type SeatHolder = SeatPackView['holders'][number];

/** The signed-in buyer's seat packs with who holds their seats (forgotten when the session ends). */
export const MY_SEAT_PACKS_KEY = ['market', 'me', 'seat-packs'] as const;

type SeatPackList = { seatPacks: SeatPackView[] };

export function fetchMySeatPacks(api: ApiClient, signal?: AbortSignal): Promise<SeatPackView[]> {
  return api.get<SeatPackList>('/api/market/my/seat-packs', { signal }).then((r) => r.seatPacks);
}

/** Gives seats to the people with these addresses (all or none); answers with every pack as it now stands. */
export function assignSeats(api: ApiClient, orderLineId: string, body: AssignSeatsInput): Promise<SeatPackView[]> {
  return api.post<SeatPackList>(`/api/market/my/seat-packs/${encodeURIComponent(orderLineId)}/seats`, body).then((r) => r.seatPacks);
}

/** Takes a seat back: the person loses the pack's courses; answers with every pack as it now stands. */
export function takeSeatBack(api: ApiClient, orderLineId: string, userId: string): Promise<SeatPackView[]> {
  return api.delete<SeatPackList>(`/api/market/my/seat-packs/${encodeURIComponent(orderLineId)}/seats/${encodeURIComponent(userId)}`).then((r) => r.seatPacks);
}

/** The addresses typed or pasted into the field: separated by commas, semicolons, spaces or lines; each once. */
export function parseEmails(text: string): string[] {
  const seen = new Set<string>();
  const emails: string[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    const email = part.trim();
    if (email === '' || seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    emails.push(email);
  }
  return emails;
}

const EMAILS_FIELD = /^emails(?:\.(\d+))?$/;

/**
 * What the server said about the addresses, for the field: the pack's complaint ("not enough free
 * seats") as it is, a refused entry (`emails.2`) with the address it refused, since the server
 * counts entries and people read addresses. Undefined when the refusal is not about them.
 */
export function emailsError(error: unknown, sent: readonly string[]): string | undefined {
  if (!isApiError(error)) return undefined;
  const messages = error.fields.flatMap((f) => {
    const match = EMAILS_FIELD.exec(f.field);
    if (!match) return [];
    const address = match[1] === undefined ? undefined : sent[Number(match[1])];
    return [address === undefined ? f.message : `${address}: ${f.message}`];
  });
  return messages.length > 0 ? [...new Set(messages)].join('; ') : undefined;
}
