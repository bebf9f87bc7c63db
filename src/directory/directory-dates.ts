// Directory validity dates: calendar days, written yyyy-mm-dd so that they sort and compare
// as text. Files from spreadsheets often say dd/mm/yyyy (the UK order), so that is read too.
import { parseDay, type YearBounds } from "../calendar-days.ts";

// A directory entry may date from long ago, but not before 1900; no upper bound but four digits.
const DIRECTORY_YEARS: YearBounds = { minYear: 1900, maxYear: 9999 };

/** The day as yyyy-mm-dd, or null when `raw` is not a real day in either accepted form. */
export function parseDirectoryDate(raw: string): string | null {
  return parseDay(raw.trim(), DIRECTORY_YEARS);
}

/** True for a day already written yyyy-mm-dd. */
export function isDirectoryDate(text: string): boolean {
  return parseDirectoryDate(text) === text;
}

// The intake judges messages by the English calendar day; a default "from" must agree.
const LONDON_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

/** Today (or the day of `at`) in England, yyyy-mm-dd. */
export function londonDay(at: Date = new Date()): string {
  return LONDON_DAY.format(at);
}
