// Path 1: the values of a fillable form's AcroForm fields, by field name, whatever order the
// fields were created in and whichever program filled them.

import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { FIELDS, isFieldName } from "./definitions.ts";
import type { FieldName } from "./definitions.ts";

export type FieldValues = ReadonlyMap<FieldName, string | boolean>;

export interface FieldReading {
  /** Every AcroForm field in the document, ours or not. */
  readonly fieldCount: number;
  readonly values: FieldValues;
}

const UNCHECKED = new Set(["", "off", "no", "false", "0"]);

/**
 * The last segment of a qualified name, without an index suffix: `form1[0].applicant_email[0]`
 * → `applicant_email`, so a producer that nests fields still matches.
 */
function baseName(qualified: string): string {
  const last = qualified.split(".").pop() ?? qualified;
  return last.replace(/\[\d+\]$/u, "");
}

function widgetValue(widget: object): { type: string; value: unknown } | null {
  const type = "type" in widget && typeof widget.type === "string" ? widget.type : "";
  // pdf.js lists a parent field (type "") before its widgets; only widgets carry the value.
  if (type === "") return null;
  return { type, value: "value" in widget ? widget.value : undefined };
}

function asText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.filter((item) => typeof item === "string").join(", ");
  return null;
}

/** A checkbox counts as ticked when its value is any on-state (Yes, On, an export value), not Off. */
function isTicked(widgets: readonly { type: string; value: unknown }[]): boolean {
  return widgets.some(({ value }) => (typeof value === "boolean" ? value : typeof value === "string" && !UNCHECKED.has(value.trim().toLowerCase())));
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
  // Exact names first, so a nested duplicate cannot override a field of ours.
  const entries = Object.entries(objects).sort(([a], [b]) => Number(isFieldName(b)) - Number(isFieldName(a)));
  for (const [qualified, objectsOfName] of entries) {
    const name = baseName(qualified);
    if (!isFieldName(name) || values.has(name)) continue;
    const widgets = objectsOfName.flatMap((widget) => widgetValue(widget) ?? []);
    if (widgets.length === 0) continue;
    const value = valueOf(name, widgets);
    if (value !== null) values.set(name, value);
  }
  return { fieldCount: entries.length, values };
}
