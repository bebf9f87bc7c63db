// Reads one attachment as a registration form: byte checks, then the AcroForm fields, then
// (for a flattened or printed copy) the text, then the schema. Every outcome, including every
// kind of bad input, is a FormReading; nothing here throws for what a sender attached.

import { FORM_VERSION } from "./definitions.ts";
import { validateForm } from "./form-schema.ts";
import type { RawFormValues } from "./form-schema.ts";
import { openPdf, pdfByteProblem, unreadable, unreadableFromError } from "./open-pdf.ts";
import type { Unreadable } from "./open-pdf.ts";
import { readFieldValues } from "./read-fields.ts";
import type { FieldValues } from "./read-fields.ts";
import { readTextValues } from "./read-text.ts";
import { isFormId } from "./registration-form.ts";
import type { FormReading, ReadPath } from "./registration-form.ts";

export interface ReadOptions {
  /** Larger attachments are refused unparsed. */
  readonly maxBytes: number;
}

interface Extracted {
  readonly path: ReadPath;
  readonly values: FieldValues;
}

/** A value from the PDF, safe to put in a log line or a reply. */
function quoted(value: string | boolean | undefined): string {
  const text = String(value ?? "").replace(/[^\x20-\x7e]/gu, "?");
  return `"${text.length > 40 ? `${text.slice(0, 40)}...` : text}"`;
}

function identify(extracted: Extracted): FormReading {
  const { path, values } = extracted;
  const rawId = values.get("form_id");
  const formId = typeof rawId === "string" ? rawId.trim().toUpperCase() : "";
  if (!isFormId(formId)) {
    return { kind: "unknown", detail: `Form ID ${quoted(rawId)} (from the ${path === "fields" ? "form fields" : "text"}) is not an ePACT2 registration form.` };
  }
  const rawVersion = values.get("form_version");
  const version = typeof rawVersion === "string" ? rawVersion.trim() : "";
  if (version !== FORM_VERSION) {
    return {
      kind: "unknown",
      detail: `${formId} form version ${quoted(rawVersion)} is not supported (this processor reads version ${FORM_VERSION}).`,
    };
  }
  const raw: RawFormValues = Object.fromEntries(values);
  const validation = validateForm(formId, raw);
  return validation.ok
    ? { kind: "read", form: validation.form, path }
    : { kind: "invalid", formId, path, errors: validation.errors };
}

function hasFormId(values: FieldValues): boolean {
  const formId = values.get("form_id");
  return typeof formId === "string" && formId.trim() !== "";
}

/** What is wrong with the bytes before any parsing (empty, too large, not a whole PDF), or null. */
export function byteProblem(bytes: Uint8Array, options: ReadOptions): Unreadable | null {
  if (bytes.length === 0) return unreadable("empty", "The file is empty (0 bytes).");
  if (bytes.length > options.maxBytes) {
    return unreadable("too-large", `The file is ${bytes.length} bytes; the limit is ${options.maxBytes} bytes.`);
  }
  return pdfByteProblem(bytes);
}

export async function readRegistrationForm(bytes: Uint8Array, options: ReadOptions): Promise<FormReading> {
  const problem = byteProblem(bytes, options);
  if (problem) return problem;
  const opened = await openPdf(bytes);
  if (opened.kind !== "opened") return opened;
  const { doc } = opened;
  try {
    const fields = await readFieldValues(doc);
    if (hasFormId(fields.values)) return identify({ path: "fields", values: fields.values });
    const text = await readTextValues(doc);
    if (!text.hasText && fields.fieldCount === 0) {
      return unreadable("image-only", "The PDF has no text and no form fields: it is probably a scan or a picture.");
    }
    if (!hasFormId(text.values)) {
      return {
        kind: "unknown",
        detail: "The PDF has no Form ID, neither as a form field nor in its text: it is not an ePACT2 registration form.",
      };
    }
    return identify({ path: "text", values: text.values });
  } catch (error) {
    return unreadableFromError(error);
  } finally {
    await doc.destroy();
  }
}
