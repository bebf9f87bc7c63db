// Calendar days as people write them: yyyy-mm-dd, or dd/mm/yyyy (the UK order; day and
// month may be one digit). Forms, directory files and organisation files share this check;
// each caller trims, bounds the years and words the problem its own way.

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

export interface YearBounds {
  readonly minYear: number;
  readonly maxYear: number;
}

/** True when the numbers name a real day: no 30 February, no month 13. Years 0-99 fail (Date.UTC reads them as 19xx). */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The day as yyyy-mm-dd; null when `text` is in neither form, is no real day, or falls outside the years. */
export function parseDay(text: string, { minYear, maxYear }: YearBounds): string | null {
  const iso = ISO_DAY.exec(text);
  const uk = iso ? null : UK_DAY.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : null;
  if (!parts) return null;
  const [year, month, day] = parts.map(Number) as [number, number, number];
  if (year < minYear || year > maxYear || !isCalendarDay(year, month, day)) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
