// Path 1: the values of a fillable form's AcroForm fields, by field name, whatever order the
// fields were created in and whichever program filled them (a choice by the option it shows).

import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { FIELDS, isFieldName } from "./definitions.ts";
import type { FieldName } from "./definitions.ts";

export type FieldValues = ReadonlyMap<FieldName, string | boolean>;

/** One widget (box on a page) of a field, as pdf.js reports it. */
export interface FieldWidget {
  /** pdf.js's id, the object reference: "43R". */
  readonly id: string;
  /** "text", "checkbox", "radiobutton", "combobox", "listbox", "button", "signature" */
  readonly type: string;
  readonly value: unknown;
  /** Flagged Hidden or NoView. */
  readonly hidden: boolean;
  /** [left, bottom, right, top] on its page, or null when it has none. */
  readonly rect: readonly [number, number, number, number] | null;
  /** Its page (from 0), or -1 when it is on none. */
  readonly page: number;
}

export interface FieldReading {
  /** Every AcroForm field in the document, ours or not. */
  readonly fieldCount: number;
  readonly values: FieldValues;
  /** The widgets each value was read from. */
  readonly widgets: ReadonlyMap<FieldName, readonly FieldWidget[]>;
}

const UNCHECKED = new Set(["", "off", "no", "false", "0"]);

/** A checkbox value names an on-state (Yes, On, an export value), not Off. */
export function isOnState(value: string): boolean {
  return !UNCHECKED.has(value.trim().toLowerCase());
}

/**
 * The last segment of a qualified name, without an index suffix: `form1[0].applicant_email[0]`
 * → `applicant_email`, so a producer that nests fields still matches.
 */
function baseName(qualified: string): string {
  const last = qualified.split(".").pop() ?? qualified;
  return last.replace(/\[\d+\]$/u, "");
}

function rectOf(value: unknown): FieldWidget["rect"] {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) return null;
  const [a, b, c, d] = Array.from(value as ArrayLike<unknown>, Number);
  if ([a, b, c, d].some((n) => n === undefined || !Number.isFinite(n))) return null;
  const [x1, y1, x2, y2] = [a, b, c, d] as [number, number, number, number];
  return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
}

/**
 * A choice's value as the person saw and chose it: an option may carry an export value apart
 * from the text it shows, and pdf.js reports the export value.
 */
function chosen(value: unknown, items: unknown): unknown {
  if (typeof value !== "string" || !Array.isArray(items)) return value;
  const item = (items as unknown[]).find((candidate): candidate is { exportValue: unknown; displayValue: unknown } =>
    typeof candidate === "object" && candidate !== null && (candidate as { exportValue?: unknown }).exportValue === value,
  );
  return typeof item?.displayValue === "string" ? item.displayValue : value;
}

function widgetOf(entry: object): FieldWidget | null {
  const field = entry as { id?: unknown; type?: unknown; value?: unknown; hidden?: unknown; rect?: unknown; page?: unknown; items?: unknown };
  const type = typeof field.type === "string" ? field.type : "";
  // pdf.js lists a parent field (type "") before its widgets; only widgets carry the value.
  if (type === "") return null;
  return {
    id: typeof field.id === "string" ? field.id : "",
    type,
    value: type === "combobox" || type === "listbox" ? chosen(field.value, field.items) : field.value,
    hidden: field.hidden === true,
    rect: rectOf(field.rect),
    page: typeof field.page === "number" ? field.page : -1,
  };
}

function asText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.filter((item) => typeof item === "string").join(", ");
  return null;
}

/** A checkbox counts as ticked when its value is any on-state (Yes, On, an export value), not Off. */
function isTicked(widgets: readonly { type: string; value: unknown }[]): boolean {
  return widgets.some(({ value }) => (typeof value === "boolean" ? value : typeof value === "string" && isOnState(value)));
}

function valueOf(name: FieldName, widgets: readonly { type: string; value: unknown }[]): string | boolean | null {
  if (FIELDS[name].kind === "checkbox") return isTicked(widgets);
  for (const widget of widgets) {
    const text = asText(widget.value);
    if (text !== null) return text;
  }
  return null;
}

/** Our fields found in the document (none for a PDF without fields). */
export async function readFieldValues(doc: PDFDocumentProxy): Promise<FieldReading> {
  const objects = (await doc.getFieldObjects()) ?? {};
  const values = new Map<FieldName, string | boolean>();
  const widgetsOf = new Map<FieldName, readonly FieldWidget[]>();
  // Exact names first, so a nested duplicate cannot override a field of ours.
  const entries = Object.entries(objects).sort(([a], [b]) => Number(isFieldName(b)) - Number(isFieldName(a)));
  for (const [qualified, objectsOfName] of entries) {
    const name = baseName(qualified);
    if (!isFieldName(name) || values.has(name)) continue;
    const widgets = objectsOfName.flatMap((entry) => widgetOf(entry) ?? []);
    if (widgets.length === 0) continue;
    const value = valueOf(name, widgets);
    if (value === null) continue;
    values.set(name, value);
    widgetsOf.set(name, widgets);
  }
  return { fieldCount: entries.length, values, widgets: widgetsOf };
}
