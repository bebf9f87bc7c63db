// Directory validity dates: calendar days, written yyyy-mm-dd so that they sort and compare
// as text. Files from spreadsheets often say dd/mm/yyyy (the UK order), so that is read too.

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The day as yyyy-mm-dd, or null when `raw` is not a real day in either accepted form. */
export function parseDirectoryDate(raw: string): string | null {
  const text = raw.trim();
  const iso = ISO_DAY.exec(text);
  const uk = iso ? null : UK_DAY.exec(text);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : uk
      ? [Number(uk[3]), Number(uk[2]), Number(uk[1])]
      : [NaN, NaN, NaN];
  if (!isCalendarDay(year, month, day) || year < 1900) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** True for a day already written yyyy-mm-dd. */
export function isDirectoryDate(text: string): boolean {
  return ISO_DAY.test(text) && parseDirectoryDate(text) === text;
}

// The intake judges messages by the English calendar day; a default "from" must agree.
const LONDON_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

/** Today (or the day of `at`) in England, yyyy-mm-dd. */
export function londonDay(at: Date = new Date()): string {
  return LONDON_DAY.format(at);
}
