// What a layout reader makes of one row, and the field checks the layouts share.
import { isCalendarDay } from "../calendar-days.ts";
import type { Organisation } from "./organisation-types.ts";

export type RowReading =
  | { readonly kind: "organisation"; readonly organisation: Organisation }
  | { readonly kind: "problems"; readonly problems: readonly string[] };

export function columnCountProblem(fields: readonly string[], expected: number): string | null {
  return fields.length === expected ? null : `expected ${expected} columns, found ${fields.length}`;
}

/**
 * ODS dates are YYYYMMDD. They are not stored, but a non-date in a date column is a sure
 * sign of shifted columns, so it is worth rejecting. Empty is allowed (no close date yet).
 */
export function dateProblem(value: string, column: string): string | null {
  const text = value.trim();
  if (text === "") return null;
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
  if (match) {
    if (isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]))) return null;
  }
  return `${column} "${text}" is not a date (expected YYYYMMDD)`;
}

/** A non-empty field with spaces trimmed; null when empty. */
export function optionalField(value: string | undefined): string | null {
  const text = (value ?? "").trim();
  return text === "" ? null : text;
}
