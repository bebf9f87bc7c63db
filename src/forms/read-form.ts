// Reads one attachment as a registration form: byte checks, then the AcroForm fields, then
// (for a flattened or printed copy) the text; which form it is, from its metadata, a Form ID
// field or the text; then whether those values are what the pages show, then the schema.
// Every outcome, including every kind of bad input, is a FormReading; nothing here throws for
// what a sender attached.

import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { FORM_VERSION } from "./definitions.ts";
import { fieldsNotAsShown } from "./fields-as-shown.ts";
import { identify, metadataClaims, valueClaim } from "./form-identity.ts";
import type { IdentityClaim } from "./form-identity.ts";
import { validateForm } from "./form-schema.ts";
import type { RawFormValues } from "./form-schema.ts";
import { openPdf, pdfByteProblem, unreadable, unreadableFromError } from "./open-pdf.ts";
import type { Unreadable } from "./open-pdf.ts";
import { quoted } from "./quote-value.ts";
import { readFieldValues } from "./read-fields.ts";
import type { FieldValues } from "./read-fields.ts";
import { readTextValues, textReadingOf } from "./read-text.ts";
import { isFormId } from "./registration-form.ts";
import type { FieldError, FormId, FormReading, ReadPath } from "./registration-form.ts";
import { showPages } from "./shown-text.ts";
import { textNotAsShown } from "./text-as-shown.ts";

export interface ReadOptions {
  /** Larger attachments are refused unparsed. */
  readonly maxBytes: number;
}

interface Extracted {
  readonly path: ReadPath;
  readonly values: FieldValues;
  /** Everywhere the PDF says which form it is, the first identifying it. */
  readonly claims: readonly IdentityClaim[];
  /** The fields whose value is not what the pages show (asked only of a form of ours). */
  readonly notAsShown: (formId: FormId) => Promise<readonly FieldError[]>;
}

/** One problem a field, the first found. */
function firstOfEach(problems: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return problems.filter((problem) => !seen.has(problem.field) && seen.add(problem.field));
}

async function judge(extracted: Extracted): Promise<FormReading> {
  const { path, values } = extracted;
  const identification = identify(extracted.claims);
  if (identification.kind === "none") {
    return {
      kind: "unknown",
      detail: "The PDF has no Form ID, neither in its metadata, as a form field nor in its text: it is not an ePACT2 registration form.",
    };
  }
  const { identity, from } = identification;
  const formId = identity.formId;
  if (!isFormId(formId)) return { kind: "unknown", detail: `Form ID ${quoted(formId)} (from ${from}) is not an ePACT2 registration form.` };
  if (identity.version !== FORM_VERSION) {
    return {
      kind: "unknown",
      detail: `${formId} form version ${quoted(identity.version)} is not supported (this processor reads version ${FORM_VERSION}).`,
    };
  }
  // What the authoriser saw comes first: a form whose identity or values are hidden or altered is not judged on them.
  const problems = firstOfEach([...identification.disagreements, ...(await extracted.notAsShown(formId))]);
  if (problems.length > 0) return { kind: "not-as-shown", formId, path, problems };
  const raw: RawFormValues = Object.fromEntries(values);
  const validation = validateForm(formId, raw);
  return validation.ok
    ? { kind: "read", form: validation.form, path }
    : { kind: "invalid", formId, path, errors: validation.errors };
}

/** What is wrong with the bytes before any parsing (empty, too large, not a whole PDF), or null. */
export function byteProblem(bytes: Uint8Array, options: ReadOptions): Unreadable | null {
  if (bytes.length === 0) return unreadable("empty", "The file is empty (0 bytes).");
  if (bytes.length > options.maxBytes) {
    return unreadable("too-large", `The file is ${bytes.length} bytes; the limit is ${options.maxBytes} bytes.`);
  }
  return pdfByteProblem(bytes);
}

async function readOpened(doc: PDFDocumentProxy, bytes: Uint8Array): Promise<FormReading> {
  const metadata = await metadataClaims(doc);
  const fields = await readFieldValues(doc);
  if (fields.values.size > 0) {
    // One drawing serves both checks: the boxes' glyphs for the fields, the page's own for the printed form line.
    const pages = await showPages(doc, "all");
    const printed = textReadingOf(pages);
    return judge({
      path: "fields",
      values: fields.values,
      claims: [...metadata, ...valueClaim(fields.values, "its Form ID field", true), ...printed.identityClaims],
      notAsShown: (formId) => fieldsNotAsShown(pages, bytes, fields, formId),
    });
  }
  const text = await readTextValues(doc);
  if (!text.hasText && fields.fieldCount === 0) {
    return unreadable("image-only", "The PDF has no text and no form fields: it is probably a scan or a picture.");
  }
  return judge({
    path: "text",
    values: text.values,
    claims: [...metadata, ...text.identityClaims],
    notAsShown: (formId) => Promise.resolve(textNotAsShown(text, formId)),
  });
}

export async function readRegistrationForm(bytes: Uint8Array, options: ReadOptions): Promise<FormReading> {
  const problem = byteProblem(bytes, options);
  if (problem) return problem;
  const opened = await openPdf(bytes);
  if (opened.kind !== "opened") return opened;
  const { doc } = opened;
  try {
    return await readOpened(doc, bytes);
  } catch (error) {
    return unreadableFromError(error);
  } finally {
    await doc.destroy();
  }
}
