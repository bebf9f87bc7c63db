// Calendar days as the records keep them. The domain writes a day yyyy-mm-dd; the records
// store it as a date at UTC midnight, so that it is a date to the database and sorts as one.

/** One day in milliseconds: the window of the daily reply cap and of the failed replies the outbox state counts. */
export const DAY_MS = 24 * 60 * 60 * 1000;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date that stores a day: its UTC midnight. A string that is not a real yyyy-mm-dd day is refused. */
export function dateOfDay(day: string): Date {
  const match = DAY.exec(day);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || dayOfDate(date) !== day) throw new RangeError(`not a day written yyyy-mm-dd: ${JSON.stringify(day)}`);
  return date;
}

/** The day a stored date stands for. A date that is not a UTC midnight was not written as a day. */
export function dayOfDate(date: Date): string {
  if (Number.isNaN(date.getTime()) || date.getTime() % DAY_MS !== 0) throw new RangeError(`the records hold ${String(date)} where a day belongs`);
  return date.toISOString().slice(0, 10);
}
