// Due dates between a date field (YYYY-MM-DD, the user's local day) and the API (an instant).

/** The end of the chosen local day, as the API's ISO date-time; null for an empty field. */
export function dueAtFromDateInput(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [, year, month, day] = match;
  const end = new Date(2000, Number(month) - 1, Number(day), 23, 59, 59);
  // Set apart: the Date constructor reads the years 0 to 99 as 1900 to 1999.
  end.setFullYear(Number(year), Number(month) - 1, Number(day));
  return end.toISOString();
}

/** The local day of a due date, for a date field; '' for none. */
export function dateInputFromDueAt(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getFullYear()).padStart(4, '0')}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Whether a date field's day is over already (a due date there makes the enrolment overdue at once). */
export function isPastDay(value: string, now: Date = new Date()): boolean {
  const dueAt = dueAtFromDateInput(value);
  return dueAt !== null && new Date(dueAt).getTime() < now.getTime();
}
