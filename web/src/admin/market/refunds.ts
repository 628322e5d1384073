// What a refund gives back, free of React so it can be unit-tested in Node.
import { readAmount, type AmountProblem, type Currency } from './amounts';
import type { OrderView } from './market.api';

type Line = Pick<OrderView['lines'][number], 'id' | 'grossMinor' | 'refundedMinor'>;

/** What is left to give back of a line: its gross less what was refunded. */
export function refundableOf(line: Line): number {
  return Math.max(0, line.grossMinor - line.refundedMinor);
}

/** What is left to give back of the whole order. */
export function refundableTotal(lines: readonly Line[]): number {
  return lines.reduce((sum, line) => sum + refundableOf(line), 0);
}

/** The order's state allows a refund (the server says the last word: a pending refund may take the rest). */
export function mayRefund(order: Pick<OrderView, 'status' | 'lines'>): boolean {
  return (order.status === 'paid' || order.status === 'partially_refunded') && refundableTotal(order.lines) > 0;
}

export type RefundLineProblem = AmountProblem | 'nothing';

/**
 * The lines of a partial refund from the amounts typed per line (an empty field gives nothing back
 * of that line): the body's lines and their total, or the problem of each line (`nothing` under the
 * key '' when no line gives anything back).
 */
export function refundLines(
  lines: readonly Line[],
  typed: Readonly<Record<string, string>>,
  currency: Currency,
  language: string,
): { ok: true; lines: { lineId: string; amountMinor: number }[]; totalMinor: number } | { ok: false; problems: Record<string, RefundLineProblem> } {
  const problems: Record<string, RefundLineProblem> = {};
  const chosen: { lineId: string; amountMinor: number }[] = [];
  for (const line of lines) {
    const text = typed[line.id] ?? '';
    if (text.trim() === '') continue;
    const read = readAmount(text, currency, language, { min: 0, max: refundableOf(line) });
    if (!read.ok) problems[line.id] = read.problem;
    else if (read.minor > 0) chosen.push({ lineId: line.id, amountMinor: read.minor });
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  if (chosen.length === 0) return { ok: false, problems: { '': 'nothing' } };
  return { ok: true, lines: chosen, totalMinor: chosen.reduce((sum, line) => sum + line.amountMinor, 0) };
}
