// What the rest of the processor knows about a registration form: the typed result of
// reading one PDF. The forms folder owns PDFs; nothing outside it touches pdf-lib or pdf.js.

export const FORM_IDS = [
  "EPACT2-DEFAULT",
  "EPACT2-GP",
  "EPACT2-PCN",
  "EPACT2-PRESCRIBER-PROVIDER",
  "EPACT2-PRESCRIBER-SICBL",
  "EPACT2-PRESCRIBER-ICB",
  "EPACT2-FINANCIAL-REGIONAL",
  "EPACT2-FINANCIAL-ICB",
  "EPACT2-FINANCIAL-PROVIDER",
  "EPACT2-CDAO",
  "EPACT2-NATIONAL",
] as const;

export type FormId = (typeof FORM_IDS)[number];

export function isFormId(value: string): value is FormId {
  return (FORM_IDS as readonly string[]).includes(value);
}

export interface Applicant {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly jobTitle: string;
  readonly phone: string | null;
}

export interface Organisation {
  readonly name: string;
  /** One code on most forms; the GP form allows several practice codes. Upper-cased. */
  readonly codes: readonly string[];
  readonly type: string;
}

export interface Authoriser {
  readonly name: string;
  readonly email: string;
  readonly role: string;
  readonly phone: string | null;
  /** ISO date, yyyy-mm-dd. */
  readonly date: string;
}

/** A form whose every field passed validation. */
export interface RegistrationForm {
  readonly formId: FormId;
  readonly formVersion: string;
  readonly applicant: Applicant;
  readonly organisation: Organisation;
  /** EPACT2-DEFAULT only; false elsewhere. */
  readonly createAnalysis: boolean;
  /** EPACT2-NATIONAL and EPACT2-CDAO; null elsewhere. */
  readonly justification: string | null;
  /** null only on EPACT2-DEFAULT. */
  readonly authoriser: Authoriser | null;
}

/** A field that is wrong (missing, invalid, or not what the page shows), by name and label. */
export interface FieldError {
  /** The PDF field name, e.g. `applicant_email`. */
  readonly field: string;
  /** The label printed on the form, e.g. `Applicant email`. */
  readonly label: string;
  readonly problem: string;
}

export type UnreadableProblem = "empty" | "not-pdf" | "corrupt" | "encrypted" | "image-only" | "too-large" | "timeout";

/** How a form was read: from its AcroForm fields, or from the text of a flattened/printed copy. */
export type ReadPath = "fields" | "text";

export type FormReading =
  | { readonly kind: "read"; readonly form: RegistrationForm; readonly path: ReadPath }
  | {
      readonly kind: "invalid";
      readonly formId: FormId;
      readonly path: ReadPath;
      readonly errors: readonly FieldError[];
    }
  | {
      /** One of our forms whose fields, as read, differ from what its pages show (hidden or altered values). */
      readonly kind: "not-as-shown";
      readonly formId: FormId;
      readonly path: ReadPath;
      /** Each field that differs, by its label, and how. */
      readonly problems: readonly FieldError[];
    }
  | { readonly kind: "unknown"; readonly detail: string }
  | { readonly kind: "unreadable"; readonly problem: UnreadableProblem; readonly detail: string };
