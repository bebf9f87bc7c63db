// Validation of the raw values read from a form (field name → value), built from the form
// definitions. Values come from untrusted PDFs: every field is checked, and all problems are
// reported at once, each under the label printed on the form.

import { z } from "zod";
import { parseDay, type YearBounds } from "../calendar-days.ts";
import { CONTROL, CONTROL_BUT_LINE_BREAKS, INVISIBLE, NO_AGREED_GLYPH, trimSpaces } from "../text-characters.ts";
import { normaliseAddress } from "../message/addresses.ts";
import { FIELDS, FORM_VERSION, formDefinition } from "./definitions.ts";
import type { FieldDefinition, FieldName, FormDefinition } from "./definitions.ts";
import { mixesScripts } from "./mixed-scripts.ts";
import type { FieldError, FormId, RegistrationForm } from "./registration-form.ts";

/** What a reader found: field name → text, or tick state for checkboxes. */
export type RawFormValues = Readonly<Record<string, string | boolean | undefined>>;

export type FormValidation =
  | { readonly ok: true; readonly form: RegistrationForm }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

const PROBLEMS = {
  required: "is required",
  notText: "must be text",
  controlCharacters: "must be a single line of text without control characters",
  lineControlCharacters: "must not contain control characters",
  invisibleCharacters: "must not contain invisible or direction-changing characters",
  noAgreedGlyph: "must not contain private-use or unassigned characters",
  mixedScripts: "must not mix letters from different alphabets",
  email: "is not a valid email address",
  phone: "is not a valid phone number",
  date: "must be a date (dd/mm/yyyy or yyyy-mm-dd)",
  oneCode: "must be one organisation code of 3 to 6 letters or digits",
  codes: "must be one or more organisation codes separated by commas",
  ticked: "must be ticked",
  tickBox: "must be a tick box",
} as const;

const ORGANISATION_CODE = /^[A-Z0-9]{3,6}$/;
const MAX_ORGANISATION_CODES = 20;
// Digits with the usual separators; at least 6 digits, at most 15 (E.164).
const PHONE = /^\+?[0-9][0-9 ()-]*$/;
const CHECKED_WORDS = new Set(["yes", "on", "true", "1", "x"]);
const UNCHECKED_WORDS = new Set(["off", "no", "false", "0"]);

function trimmedOrMissing(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = trimSpaces(value);
  return trimmed === "" ? undefined : trimmed;
}

function checkboxState(value: unknown): unknown {
  if (value === undefined) return false;
  if (typeof value !== "string") return value;
  const word = value.trim().toLowerCase();
  if (word === "" || UNCHECKED_WORDS.has(word)) return false;
  return CHECKED_WORDS.has(word) ? true : value;
}

/** A missing value is "required"; any other wrong value gets the field's own problem. */
function requiredOr(problem: string) {
  return (issue: { readonly input?: unknown }) => (issue.input === undefined ? PROBLEMS.required : problem);
}

function text() {
  return z.string({ error: requiredOr(PROBLEMS.notText) });
}

/** Text that shows what it says: the controls are refused with `controlProblem`, then anything invisible or without a glyph. */
function shownText(controls: RegExp, controlProblem: string) {
  return text()
    .refine((value) => !controls.test(value), { error: controlProblem, abort: true })
    .refine((value) => !INVISIBLE.test(value), { error: PROBLEMS.invisibleCharacters, abort: true })
    .refine((value) => !NO_AGREED_GLYPH.test(value), { error: PROBLEMS.noAgreedGlyph, abort: true });
}

function singleLine(maxLength: number) {
  return shownText(CONTROL, PROBLEMS.controlCharacters)
    .overwrite((value) => value.replace(/\p{Zs}+/gu, " "))
    .max(maxLength, { error: `must be at most ${maxLength} characters` });
}

/** A person's name: one line, and no word spelt in two alphabets (a Cyrillic "а" among Latin letters). */
function personName(maxLength: number) {
  return singleLine(maxLength).refine((value) => !value.split(" ").some(mixesScripts), { error: PROBLEMS.mixedScripts });
}

// A date on a form is taken only within 2000-2099.
const FORM_YEARS: YearBounds = { minYear: 2000, maxYear: 2099 };

/** dd/mm/yyyy (day and month may be one digit) or yyyy-mm-dd → yyyy-mm-dd, or null if no such day. */
export function isoDate(value: string): string | null {
  return parseDay(value, FORM_YEARS);
}

function organisationCodes(multiple: boolean, maxLength: number) {
  const problem = multiple ? PROBLEMS.codes : PROBLEMS.oneCode;
  return singleLine(maxLength)
    .toUpperCase()
    .transform((value) => (multiple ? value.split(",") : [value]).map((code) => code.trim()).filter((code) => code !== ""))
    .pipe(
      z
        .array(z.string().regex(ORGANISATION_CODE, { error: problem }))
        .min(1, { error: problem })
        .max(MAX_ORGANISATION_CODES, { error: `must be at most ${MAX_ORGANISATION_CODES} organisation codes` })
        .transform((codes) => [...new Set(codes)]),
    );
}

function valueSchema(field: FieldDefinition, form: FormDefinition): z.ZodType {
  switch (field.format) {
    case "person-name":
      return personName(field.maxLength);
    case "short-text":
    case "organisation-name":
      return singleLine(field.maxLength);
    case "email":
      // Read exactly as a sender's From address is, so that the two compare on equal terms.
      return singleLine(field.maxLength)
        .refine((value) => normaliseAddress(value) !== null, { error: PROBLEMS.email })
        .transform((value) => normaliseAddress(value)?.address ?? value);
    case "phone":
      return singleLine(field.maxLength).refine(isPhoneNumber, { error: PROBLEMS.phone });
    case "organisation-code":
      return organisationCodes(form.multipleOrganisationCodes, field.maxLength);
    case "date":
      // The pattern bounds the length; the character checks name the problem first.
      return shownText(CONTROL, PROBLEMS.controlCharacters)
        .refine((value) => isoDate(value) !== null, { error: PROBLEMS.date })
        .transform((value) => isoDate(value) ?? value);
    case "justification":
      return shownText(CONTROL_BUT_LINE_BREAKS, PROBLEMS.lineControlCharacters)
        // Line breaks are not kept: a flattened copy only shows where the box wrapped the text.
        .overwrite((value) => value.replace(/\s+/gu, " "))
        .max(field.maxLength, { error: `must be at most ${field.maxLength} characters` });
    case "declaration":
      return z.literal(true, { error: PROBLEMS.ticked });
    case "option":
      return z.boolean({ error: PROBLEMS.tickBox });
  }
}

function isPhoneNumber(value: string): boolean {
  const digits = value.replace(/\D/gu, "").length;
  return PHONE.test(value) && digits >= 6 && digits <= 15;
}

function fieldSchema(field: FieldDefinition, form: FormDefinition): z.ZodType {
  if (field.kind === "checkbox") return z.preprocess(checkboxState, valueSchema(field, form));
  const value = valueSchema(field, form);
  return z.preprocess(trimmedOrMissing, field.required ? value : value.optional());
}

type ParsedFields = Readonly<Partial<Record<FieldName, unknown>>>;

function textOf(fields: ParsedFields, name: FieldName): string {
  const value = fields[name];
  return typeof value === "string" ? value : "";
}

function optionalTextOf(fields: ParsedFields, name: FieldName): string | null {
  const value = fields[name];
  return typeof value === "string" ? value : null;
}

function toRegistrationForm(form: FormDefinition, fields: ParsedFields): RegistrationForm {
  const codes = fields.organisation_code;
  return {
    formId: form.id,
    // The version was checked when the form was identified: only this one is read.
    formVersion: FORM_VERSION,
    applicant: {
      firstName: textOf(fields, "applicant_first_name"),
      lastName: textOf(fields, "applicant_last_name"),
      email: textOf(fields, "applicant_email"),
      jobTitle: textOf(fields, "applicant_job_title"),
      phone: optionalTextOf(fields, "applicant_phone"),
    },
    organisation: {
      name: textOf(fields, "organisation_name"),
      codes: Array.isArray(codes) ? codes.filter((code): code is string => typeof code === "string") : [],
      type: textOf(fields, "organisation_type"),
    },
    createAnalysis: fields.create_analysis === true,
    justification: form.fields.includes("justification") ? optionalTextOf(fields, "justification") : null,
    authoriser: form.fields.includes("authoriser_name")
      ? {
          name: textOf(fields, "authoriser_name"),
          email: textOf(fields, "authoriser_email"),
          role: textOf(fields, "authoriser_role"),
          phone: optionalTextOf(fields, "authoriser_phone"),
          date: textOf(fields, "authorisation_date"),
        }
      : null,
  };
}

const schemas = new Map<FormId, z.ZodType<RegistrationForm>>();

/** The schema of one form: raw values in, a RegistrationForm out. Fields not on the form are ignored. */
export function formSchema(formId: FormId): z.ZodType<RegistrationForm> {
  const cached = schemas.get(formId);
  if (cached) return cached;
  const form = formDefinition(formId);
  const shape = Object.fromEntries(form.fields.map((name) => [name, fieldSchema(FIELDS[name], form)]));
  const schema = z.object(shape).transform((fields): RegistrationForm => toRegistrationForm(form, fields));
  schemas.set(formId, schema);
  return schema;
}

/** Validate raw values for a form: the form, or every field's first problem in form order. */
export function validateForm(formId: FormId, raw: RawFormValues): FormValidation {
  const result = formSchema(formId).safeParse(raw);
  if (result.success) return { ok: true, form: result.data };
  const form = formDefinition(formId);
  const problems = new Map<FieldName, string>();
  for (const issue of result.error.issues) {
    const name = form.fields.find((candidate) => candidate === issue.path[0]);
    if (name !== undefined && !problems.has(name)) problems.set(name, issue.message);
  }
  const errors = form.fields.flatMap((name): FieldError[] => {
    const problem = problems.get(name);
    return problem === undefined ? [] : [{ field: name, label: FIELDS[name].label, problem }];
  });
  return { ok: false, errors };
}
