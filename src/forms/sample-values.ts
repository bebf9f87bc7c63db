// A complete, valid set of values for each form: the fixture other tests start from and
// change one field of. The people are fictional; phone numbers are in Ofcom's drama range.

import { AUTHORISER_ROLE_LABELS } from "../directory/authoriser-roles.ts";
import { formDefinition } from "./definitions.ts";
import type { FieldName, IdentityFieldName } from "./definitions.ts";
import type { FormPrinting } from "./form-wording.ts";
import type { FormId } from "./registration-form.ts";

/** The return address fixtures print: the support address the configuration defaults to. */
export const SAMPLE_PRINTING: FormPrinting = { returnAddress: "dataservicessupport@nhsbsa.nhs.uk" };

/** Values to put into a form: text for text fields, true/false for checkboxes, undefined for blank. */
export type FormValues = Readonly<Partial<Record<FieldName, string | boolean | undefined>>>;

interface SampleOrganisation {
  readonly name: string;
  readonly code: string;
  readonly type: string;
  readonly authoriserRole: string | null;
}

const ORGANISATIONS: { readonly [K in FormId]: SampleOrganisation } = {
  "EPACT2-DEFAULT": { name: "Example Hospitals NHS Trust", code: "RXX", type: "Hospital trust", authoriserRole: null },
  "EPACT2-GP": { name: "Example Medical Practice", code: "A81001", type: "GP practice / cost centre", authoriserRole: AUTHORISER_ROLE_LABELS.gp },
  "EPACT2-PCN": { name: "Example Primary Care Network", code: "U12345", type: "Primary Care Network (PCN)", authoriserRole: AUTHORISER_ROLE_LABELS["pcn-clinical-director"] },
  "EPACT2-PRESCRIBER-PROVIDER": { name: "Example Hospitals NHS Trust", code: "RXX", type: "Provider / Trust", authoriserRole: AUTHORISER_ROLE_LABELS["caldicott-guardian"] },
  "EPACT2-PRESCRIBER-SICBL": { name: "NHS Example ICB - 92G", code: "92G", type: "ICB sub-location (SICBL)", authoriserRole: AUTHORISER_ROLE_LABELS["caldicott-guardian"] },
  "EPACT2-PRESCRIBER-ICB": { name: "NHS Example Integrated Care Board", code: "QHM", type: "Integrated Care Board (ICB)", authoriserRole: AUTHORISER_ROLE_LABELS["nominated-authoriser"] },
  "EPACT2-FINANCIAL-REGIONAL": { name: "NHS England - London", code: "Y56", type: "NHS England region", authoriserRole: AUTHORISER_ROLE_LABELS["regional-director-of-finance"] },
  "EPACT2-FINANCIAL-ICB": { name: "NHS Example Integrated Care Board", code: "QHM", type: "Integrated Care Board (ICB)", authoriserRole: AUTHORISER_ROLE_LABELS["icb-finance-lead"] },
  "EPACT2-FINANCIAL-PROVIDER": { name: "Example Hospitals NHS Trust", code: "RXX", type: "Provider / Trust", authoriserRole: AUTHORISER_ROLE_LABELS["provider-finance-lead"] },
  "EPACT2-CDAO": { name: "NHS Example Integrated Care Board", code: "QHM", type: "NHS England / ICB (CD Accountable Officer)", authoriserRole: AUTHORISER_ROLE_LABELS["caldicott-guardian"] },
  "EPACT2-NATIONAL": { name: "NHS England", code: "X24", type: "National organisation", authoriserRole: AUTHORISER_ROLE_LABELS["caldicott-guardian"] },
};

const JUSTIFICATIONS: Partial<Record<FormId, string>> = {
  "EPACT2-CDAO":
    "As Controlled Drugs Accountable Officer for the ICB I review prescribing of controlled drugs by every practice and prescriber in our area, and report concerns to the local intelligence network.",
  "EPACT2-NATIONAL":
    "We produce the annual national report on antimicrobial prescribing in England, which compares all regions and ICBs quarter by quarter and needs national-level data.",
};

/** Every field of the form filled with valid values; `overrides` replace or blank (undefined) single fields. */
export function sampleValues(formId: FormId, overrides: FormValues = {}): FormValues {
  const definition = formDefinition(formId);
  const organisation = ORGANISATIONS[formId];
  const all: Record<Exclude<FieldName, IdentityFieldName>, string | boolean> = {
    applicant_first_name: "Alice",
    applicant_last_name: "Applicant",
    applicant_email: "alice.applicant@nhs.net",
    applicant_job_title: "Prescribing Analyst",
    applicant_phone: "0113 496 0000",
    organisation_name: organisation.name,
    organisation_code: organisation.code,
    organisation_type: organisation.type,
    create_analysis: true,
    justification: JUSTIFICATIONS[formId] ?? "",
    applicant_declaration: true,
    authoriser_name: "Dr Bob Authoriser",
    authoriser_email: "bob.authoriser@nhs.net",
    authoriser_role: organisation.authoriserRole ?? "",
    authoriser_phone: "0113 496 0001",
    authoriser_declaration: true,
    authorisation_date: "14/03/2025",
  };
  const values: Partial<Record<FieldName, string | boolean | undefined>> = {};
  for (const name of definition.fields) if (name !== "form_id" && name !== "form_version") values[name] = all[name];
  return { ...values, ...overrides };
}
