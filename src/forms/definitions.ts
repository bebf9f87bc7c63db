// The eleven ePACT2 registration forms, declared once. The generator lays them out from this
// table, both readers key on its labels and the schema validates against it, so a field is
// added or renamed here and nowhere else. A form's identity (form ID and version) is not a
// field of it: the generator writes it as metadata and prints it small on every page.

import { FORM_IDS } from "./registration-form.ts";
import type { FormId } from "./registration-form.ts";

/** The only form version this processor generates and reads. */
export const FORM_VERSION = "1";

/**
 * PDF field names: a public contract, also printed in the README. `form_id` and `form_version`
 * are on no generated form, but other producers and earlier copies carry them: readers accept them.
 */
export const FIELD_NAMES = [
  "form_id",
  "form_version",
  "applicant_first_name",
  "applicant_last_name",
  "applicant_email",
  "applicant_job_title",
  "applicant_phone",
  "organisation_name",
  "organisation_code",
  "organisation_type",
  "create_analysis",
  "justification",
  "applicant_declaration",
  "authoriser_name",
  "authoriser_email",
  "authoriser_role",
  "authoriser_phone",
  "authoriser_declaration",
  "authorisation_date",
] as const;

export type FieldName = (typeof FIELD_NAMES)[number];

/** "choice": a drop-down list (a combo box) of the values the form offers. */
export type FieldKind = "text" | "multiline" | "checkbox" | "choice";

/** Which check the schema applies to a value. */
export type FieldFormat =
  | "person-name"
  | "email"
  | "phone"
  | "short-text"
  | "organisation-name"
  | "organisation-code"
  | "date"
  | "justification"
  | "declaration"
  | "option";

export type SectionId = "applicant" | "organisation" | "access" | "justification" | "applicant-declaration" | "authoriser";

export interface FieldDefinition {
  readonly name: FieldName;
  /** Printed beside the box; unique, and what the text reader and error messages use. */
  readonly label: string;
  readonly kind: FieldKind;
  readonly format: FieldFormat;
  /** The schema refuses the form without it. */
  readonly required: boolean;
  /**
   * Optional to the schema, but the rules refuse a form without it with their own reason (a
   * justification: JUSTIFICATION_REQUIRED), so the form asks for it as required.
   */
  readonly requiredByRules: boolean;
  readonly maxLength: number;
  /** null: not a field of any generated form (the form's identity, read from other producers' forms). */
  readonly section: SectionId | null;
  /** Pre-filled by the generator and not editable. */
  readonly readOnly: boolean;
  /** Printed under the box (single-line fields). */
  readonly hint: string | null;
  /** Checkboxes: the sentence the person ticks to agree to. */
  readonly statement: string | null;
}

function field(
  name: FieldName,
  label: string,
  kind: FieldKind,
  format: FieldFormat,
  section: SectionId | null,
  more: Partial<Pick<FieldDefinition, "required" | "requiredByRules" | "maxLength" | "readOnly" | "hint" | "statement">> = {},
): FieldDefinition {
  return {
    name,
    label,
    kind,
    format,
    section,
    required: more.required ?? true,
    requiredByRules: more.requiredByRules ?? false,
    maxLength: more.maxLength ?? 100,
    readOnly: more.readOnly ?? false,
    hint: more.hint ?? null,
    statement: more.statement ?? null,
  };
}

export const FIELDS: { readonly [K in FieldName]: FieldDefinition } = {
  // Identified, not validated (form-identity.ts): their labels are what a flattened earlier copy prints.
  form_id: field("form_id", "Form ID", "text", "short-text", null, { readOnly: true, maxLength: 40 }),
  form_version: field("form_version", "Form version", "text", "short-text", null, { readOnly: true, maxLength: 10 }),
  applicant_first_name: field("applicant_first_name", "Applicant first name", "text", "person-name", "applicant"),
  applicant_last_name: field("applicant_last_name", "Applicant last name", "text", "person-name", "applicant"),
  applicant_email: field("applicant_email", "Applicant email", "text", "email", "applicant", {
    maxLength: 254,
    hint: "Your NHS email address: your ePACT2 account is created for it.",
  }),
  applicant_job_title: field("applicant_job_title", "Applicant job title", "text", "short-text", "applicant"),
  applicant_phone: field("applicant_phone", "Applicant phone", "text", "phone", "applicant", {
    required: false,
    maxLength: 30,
    hint: "Optional.",
  }),
  organisation_name: field("organisation_name", "Organisation name", "text", "organisation-name", "organisation", {
    maxLength: 150,
  }),
  organisation_code: field("organisation_code", "Organisation code", "text", "organisation-code", "organisation", {
    maxLength: 200,
  }),
  organisation_type: field("organisation_type", "Organisation type", "text", "short-text", "organisation"),
  create_analysis: field("create_analysis", "Create Analysis tool", "checkbox", "option", "access", {
    required: false,
    statement: "Tick to also request the 'Create Analysis' tool, to produce your own analysis and reports at practice level.",
  }),
  justification: field("justification", "Justification", "multiline", "justification", "justification", {
    required: false,
    requiredByRules: true,
    maxLength: 2000,
  }),
  applicant_declaration: field("applicant_declaration", "Applicant declaration", "checkbox", "declaration", "applicant-declaration", {
    statement:
      "I confirm that the information on this form is correct, that I need this access for my role, and that I will use ePACT2 data only for that purpose.",
  }),
  authoriser_name: field("authoriser_name", "Authoriser name", "text", "person-name", "authoriser"),
  authoriser_email: field("authoriser_email", "Authoriser email", "text", "email", "authoriser", {
    maxLength: 254,
    hint: "The authoriser must email this form from this address.",
  }),
  authoriser_role: field("authoriser_role", "Authoriser role", "choice", "short-text", "authoriser"),
  authoriser_phone: field("authoriser_phone", "Authoriser phone", "text", "phone", "authoriser", {
    required: false,
    maxLength: 30,
    hint: "Optional.",
  }),
  authoriser_declaration: field("authoriser_declaration", "Authoriser declaration", "checkbox", "declaration", "authoriser", {
    statement:
      "I authorise the applicant named above to have this ePACT2 access, and I confirm that I am not the applicant.",
  }),
  authorisation_date: field("authorisation_date", "Authorisation date", "text", "date", "authoriser", {
    maxLength: 10,
    hint: "Format dd/mm/yyyy, for example 14/03/2025.",
  }),
};

/** Whether the form asks for the field as required: flagged Required in the PDF and marked after its label. */
export function askedAsRequired(field: FieldDefinition): boolean {
  return (field.required || field.requiredByRules) && !field.readOnly;
}

/** Label printed on the form for each field name, e.g. `applicant_email` → "Applicant email". */
export const FIELD_LABELS: { readonly [K in FieldName]: string } = Object.fromEntries(
  FIELD_NAMES.map((name) => [name, FIELDS[name].label]),
) as { readonly [K in FieldName]: string };

export function isFieldName(value: string): value is FieldName {
  return (FIELD_NAMES as readonly string[]).includes(value);
}

/** The headings of the sections, numbered on each form in the order it has them. */
export const SECTION_HEADINGS: { readonly [K in SectionId]: string } = {
  applicant: "About you (the applicant)",
  organisation: "Your organisation",
  access: "Optional tools",
  justification: "Why you need this access",
  "applicant-declaration": "Declaration by the applicant",
  authoriser: "Authorisation (to be completed by the authoriser)",
};

export interface FormDefinition {
  readonly id: FormId;
  /** Printed as the heading, as on the NHSBSA page, e.g. "ePACT2: ICB Financial Access". */
  readonly title: string;
  /** One line: what the access gives. */
  readonly access: string;
  /** The organisation level the form is for; pre-filled as Organisation type (null: the applicant says). */
  readonly organisationType: string | null;
  readonly organisationTypeHint: string;
  readonly organisationCodeHint: string;
  /** Only the GP form takes several codes (practices / cost centres). */
  readonly multipleOrganisationCodes: boolean;
  /** Who must authorise, as printed in the instructions ("... must be authorised by X"); null when no authoriser is needed. */
  readonly authorisedBy: string | null;
  /** The prompt above the Justification box, on the forms that have one. */
  readonly justificationPrompt: string | null;
  readonly fields: readonly FieldName[];
}

/** The form's identity: written as metadata by the generator, read from other producers' fields. */
export const IDENTITY_FIELDS = ["form_id", "form_version"] as const satisfies readonly FieldName[];
export type IdentityFieldName = (typeof IDENTITY_FIELDS)[number];
const APPLICANT: readonly FieldName[] = [
  "applicant_first_name",
  "applicant_last_name",
  "applicant_email",
  "applicant_job_title",
  "applicant_phone",
];
const ORGANISATION: readonly FieldName[] = ["organisation_name", "organisation_code", "organisation_type"];
const AUTHORISER: readonly FieldName[] = [
  "authoriser_name",
  "authoriser_email",
  "authoriser_role",
  "authoriser_phone",
  "authoriser_declaration",
  "authorisation_date",
];
const AUTHORISED_FORM: readonly FieldName[] = [
  ...APPLICANT,
  ...ORGANISATION,
  "applicant_declaration",
  ...AUTHORISER,
];
const JUSTIFIED_FORM: readonly FieldName[] = [
  ...APPLICANT,
  ...ORGANISATION,
  "justification",
  "applicant_declaration",
  ...AUTHORISER,
];

const PRESCRIBER_ACCESS =
  "Prescriber-level data for your organisation and practice-level data for all other organisations, with the Create Analysis tool.";
const FINANCIAL_ACCESS =
  "Itemised Prescribing Payment (IPP) and remuneration reports and practice-level data for all organisations, with the Create Analysis tool.";
const CALDICOTT = "your organisation's Caldicott Guardian or nominated authoriser";
const ODS_CODE_HINT = "Your organisation's ODS code, e.g. RXX.";

function form(definition: Omit<FormDefinition, "multipleOrganisationCodes" | "justificationPrompt"> & Partial<FormDefinition>): FormDefinition {
  return { multipleOrganisationCodes: false, justificationPrompt: null, ...definition };
}

export const FORM_DEFINITIONS: { readonly [K in FormId]: FormDefinition } = {
  "EPACT2-DEFAULT": form({
    id: "EPACT2-DEFAULT",
    title: "ePACT2: Default Dashboard Access",
    access:
      "NHSBSA clinical and cost-saving dashboards and predefined reports at practice level for all organisations, optionally with the Create Analysis tool.",
    organisationType: null,
    organisationTypeHint: "For example GP practice, ICB, hospital trust, CSU or local authority.",
    organisationCodeHint: ODS_CODE_HINT,
    authorisedBy: null,
    fields: [...APPLICANT, ...ORGANISATION, "create_analysis", "applicant_declaration"],
  }),
  "EPACT2-GP": form({
    id: "EPACT2-GP",
    title: "ePACT2: GP Practice Access",
    access:
      "Prescriber-level data for the selected GP practices or cost centres and practice-level data for all other organisations (no Create Analysis tool).",
    organisationType: "GP practice / cost centre",
    organisationTypeHint: "GP practice or prescribing cost centre.",
    organisationCodeHint: "One or more practice or cost centre codes, separated by commas, e.g. A81001, A81002.",
    multipleOrganisationCodes: true,
    authorisedBy: "a registered GP at your practice",
    fields: AUTHORISED_FORM,
  }),
  "EPACT2-PCN": form({
    id: "EPACT2-PCN",
    title: "ePACT2: PCN Access",
    access:
      "Prescriber-level data for your Primary Care Network and practice-level data for all other organisations (no Create Analysis tool).",
    organisationType: "Primary Care Network (PCN)",
    organisationTypeHint: "Primary Care Network.",
    organisationCodeHint: "Your PCN code: U followed by five digits, e.g. U12345.",
    authorisedBy: "the Clinical Director of your PCN",
    fields: AUTHORISED_FORM,
  }),
  "EPACT2-PRESCRIBER-PROVIDER": form({
    id: "EPACT2-PRESCRIBER-PROVIDER",
    title: "ePACT2: Provider/Trust Prescriber Access",
    access: PRESCRIBER_ACCESS,
    organisationType: "Provider / Trust",
    organisationTypeHint: "Independent sector healthcare provider, local authority or hospital trust.",
    organisationCodeHint: ODS_CODE_HINT,
    authorisedBy: CALDICOTT,
    fields: AUTHORISED_FORM,
  }),
  "EPACT2-PRESCRIBER-SICBL": form({
    id: "EPACT2-PRESCRIBER-SICBL",
    title: "ePACT2: ICB - Sub Location Prescriber Access",
    access: PRESCRIBER_ACCESS,
    organisationType: "ICB sub-location (SICBL)",
    organisationTypeHint: "Sub-ICB location (previously CCG).",
    organisationCodeHint: "Your sub-ICB location code, e.g. 92G.",
    authorisedBy: CALDICOTT,
    fields: AUTHORISED_FORM,
  }),
  "EPACT2-PRESCRIBER-ICB": form({
    id: "EPACT2-PRESCRIBER-ICB",
    title: "ePACT2: ICB Prescriber Access",
    access: PRESCRIBER_ACCESS,
    organisationType: "Integrated Care Board (ICB)",
    organisationTypeHint: "Integrated Care Board.",
    organisationCodeHint: "Your ICB code, e.g. QHM.",
    authorisedBy: CALDICOTT,
    fields: AUTHORISED_FORM,
  }),
  "EPACT2-FINANCIAL-REGIONAL": form({
    id: "EPACT2-FINANCIAL-REGIONAL",
    title: "ePACT2: Regional Financial Access",
    access: FINANCIAL_ACCESS,
    organisationType: "NHS England region",
    organisationTypeHint: "NHS England region.",
    organisationCodeHint: "Your region code, e.g. Y56.",
    authorisedBy: "your Regional Director of Finance",
    fields: AUTHORISED_FORM,
  }),
  "EPACT2-FINANCIAL-ICB": form({
    id: "EPACT2-FINANCIAL-ICB",
    title: "ePACT2: ICB Financial Access",
    access: FINANCIAL_ACCESS,
    organisationType: "Integrated Care Board (ICB)",
    organisationTypeHint: "Integrated Care Board.",
    organisationCodeHint: "Your ICB code, e.g. QHM.",
    authorisedBy: "your ICB's Deputy Director of Finance, or similar",
    fields: AUTHORISED_FORM,
  }),
  "EPACT2-FINANCIAL-PROVIDER": form({
    id: "EPACT2-FINANCIAL-PROVIDER",
    title: "ePACT2: Provider/Trust Financial Access",
    access: FINANCIAL_ACCESS,
    organisationType: "Provider / Trust",
    organisationTypeHint: "Independent sector healthcare provider, local authority or hospital trust.",
    organisationCodeHint: ODS_CODE_HINT,
    authorisedBy: "your organisation's Head of Finance, or similar",
    fields: AUTHORISED_FORM,
  }),
  "EPACT2-CDAO": form({
    id: "EPACT2-CDAO",
    title: "ePACT2: CD Accountable Officer Access",
    access:
      "Prescriber-level data for NHS England and ICB Controlled Drugs Accountable Officers, with the Create Analysis tool.",
    organisationType: "NHS England / ICB (CD Accountable Officer)",
    organisationTypeHint: "NHS England or Integrated Care Board.",
    organisationCodeHint: "Your ICB or NHS England code, e.g. QHM.",
    authorisedBy: CALDICOTT,
    justificationPrompt: "Explain why you need CD Accountable Officer access (up to 2,000 characters).",
    fields: JUSTIFIED_FORM,
  }),
  "EPACT2-NATIONAL": form({
    id: "EPACT2-NATIONAL",
    title: "ePACT2: National Access",
    access:
      "National-level (England) prescribing data, for national organisations with a valid justification, such as DHSC, NHS England Finance or NHS Digital.",
    organisationType: "National organisation",
    organisationTypeHint: "National organisation, e.g. DHSC, NHS England or NHS Digital.",
    organisationCodeHint: "Your organisation's ODS code, e.g. X24.",
    authorisedBy: CALDICOTT,
    justificationPrompt: "Explain why you need national-level data (up to 2,000 characters).",
    fields: JUSTIFIED_FORM,
  }),
};

export function formDefinition(formId: FormId): FormDefinition {
  return FORM_DEFINITIONS[formId];
}

/** The hint printed under a field on a given form (organisation fields vary by form). */
export function fieldHint(definition: FormDefinition, name: FieldName): string | null {
  if (name === "organisation_code") return definition.organisationCodeHint;
  if (name === "organisation_type") return definition.organisationTypeHint;
  return FIELDS[name].hint;
}

export interface FieldReference {
  readonly name: FieldName;
  readonly label: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  /** The forms that carry the field, or "all". */
  readonly forms: "all" | readonly FormId[];
}

/** One row per field name, in form order: what the README documents. */
export function fieldReference(): readonly FieldReference[] {
  const allForms = Object.values(FORM_DEFINITIONS);
  return FIELD_NAMES.map((name) => {
    const carriers = allForms.filter((definition) => definition.fields.includes(name)).map((definition) => definition.id);
    return {
      name,
      label: FIELDS[name].label,
      kind: FIELDS[name].kind,
      required: FIELDS[name].required,
      forms: carriers.length === allForms.length ? "all" : carriers,
    };
  });
}

/** The field reference as a Markdown table, ready to paste into the README. */
export function fieldReferenceMarkdown(): string {
  const rows = fieldReference().map((row) => {
    const carriers = row.forms;
    const missing = carriers === "all" ? [] : FORM_IDS.filter((formId) => !carriers.includes(formId));
    const forms =
      carriers === "all" ? "all"
      : carriers.length === 0 ? "none: the form's identity, read when an earlier copy or another producer has it"
      : missing.length < carriers.length ? `all except ${missing.join(", ")}`
      : carriers.join(", ");
    const required =
      FIELDS[row.name].format === "declaration" ? "must be ticked"
      : carriers.length === 0 ? "no"
      : row.required ? "yes"
      : FIELDS[row.name].requiredByRules ? "asked for; a form without it is refused by the rules"
      : "no";
    return `| \`${row.name}\` | ${row.label} | ${row.kind} | ${required} | ${forms} |`;
  });
  return ["| Field | Label | Kind | Required | Forms |", "|---|---|---|---|---|", ...rows].join("\n");
}
