// Reads one attachment as a registration form: byte checks, then the AcroForm fields, then
// (for a flattened or printed copy) the text, then whether those values are what the pages
// show, then the schema. Every outcome, including every kind of bad input, is a FormReading;
// nothing here throws for what a sender attached.

import { FORM_VERSION } from "./definitions.ts";
import { validateForm } from "./form-schema.ts";
import type { RawFormValues } from "./form-schema.ts";
import { openPdf, pdfByteProblem, unreadable, unreadableFromError } from "./open-pdf.ts";
import type { Unreadable } from "./open-pdf.ts";
import { fieldsNotAsShown } from "./fields-as-shown.ts";
import { readFieldValues } from "./read-fields.ts";
import type { FieldValues } from "./read-fields.ts";
import { readTextValues } from "./read-text.ts";
import { quoted } from "./quote-value.ts";
import { isFormId } from "./registration-form.ts";
import type { FieldError, FormId, FormReading, ReadPath } from "./registration-form.ts";
import { textNotAsShown } from "./text-as-shown.ts";

export interface ReadOptions {
  /** Larger attachments are refused unparsed. */
  readonly maxBytes: number;
}

interface Extracted {
  readonly path: ReadPath;
  readonly values: FieldValues;
  /** The fields whose value is not what the pages show (asked only of a form of ours). */
  readonly notAsShown: (formId: FormId) => Promise<readonly FieldError[]>;
}

async function identify(extracted: Extracted): Promise<FormReading> {
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
  // What the authoriser saw comes first: a form whose values are hidden or altered is not judged on them.
  const problems = await extracted.notAsShown(formId);
  if (problems.length > 0) return { kind: "not-as-shown", formId, path, problems };
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
    if (hasFormId(fields.values)) {
      return await identify({ path: "fields", values: fields.values, notAsShown: (formId) => fieldsNotAsShown(doc, bytes, fields, formId) });
    }
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
    return await identify({ path: "text", values: text.values, notAsShown: (formId) => Promise.resolve(textNotAsShown(text, formId)) });
  } catch (error) {
    return unreadableFromError(error);
  } finally {
    await doc.destroy();
  }
}
