// What a form tells the people filling it: how to complete and return it, where to send it,
// what happens next, and which roles may authorise it. The roles and the accounts a form may
// come from are the rules' own table (access-routes.ts), so a form offers what the rules accept.

import { AUTHORISER_ROLE_LABELS } from "../directory/authoriser-roles.ts";
import { FORM_ROUTES } from "./access-routes.ts";
import { fieldHint } from "./definitions.ts";
import type { FieldName, FormDefinition } from "./definitions.ts";
import type { FormId } from "./registration-form.ts";

/** What the generator prints that is not in the definitions: where the form goes back to. */
/** The address NHSBSA's registering page gives for returning forms: the support mailbox by default. */
export const NHSBSA_SUPPORT_ADDRESS = "dataservicessupport@nhsbsa.nhs.uk";

export interface FormPrinting {
  /** The support mailbox that reads returned forms (INTAKE_SUPPORT_ADDRESS). */
  readonly returnAddress: string;
}

export interface FormWording {
  /** "How to complete and return this form", one step a line. */
  readonly steps: readonly string[];
  /** Opens the authorisation section; null on a form without one. */
  readonly authorisation: string | null;
  /** Said just before the return address, at the end of the form. */
  readonly returnTo: string;
  readonly returnAddress: string;
  /** "What happens next", a sentence a line. */
  readonly next: readonly string[];
}

/** The marker printed after the label of a field that must be filled in (or ticked). */
export const REQUIRED_MARK = "*";

/** The labels the "Authoriser role" choice offers on a form: the roles that may authorise its route. */
export function authoriserRoleChoices(formId: FormId): string[] {
  return FORM_ROUTES[formId].authoriserRoles.map((role) => AUTHORISER_ROLE_LABELS[role]);
}

/** The hint printed under a field on a form; the role choice names what it offers, for a printed copy. */
export function hintOn(definition: FormDefinition, name: FieldName): string | null {
  if (name !== "authoriser_role") return fieldHint(definition, name);
  const choices = authoriserRoleChoices(definition.id);
  const listed = choices.length > 1 ? `${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}` : choices.join("");
  return `Choose from the list: ${listed}.`;
}

/** The mail account an authoriser must send the form from, as the form says it. */
function authoriserAccount(formId: FormId): string {
  return FORM_ROUTES[formId].practiceDomains ? "their own @nhs.net or practice email account" : "their own @nhs.net email account";
}

export function formWording(definition: FormDefinition, printing: FormPrinting): FormWording {
  const onScreen = "Fill in this form on screen and save it as a PDF. Do not print and scan it: we cannot read a scanned form.";
  const marked = `Fields marked ${REQUIRED_MARK} must be filled in (or ticked); the others are optional.`;
  const question = `If you have a question, email the Data Services Support Team at ${printing.returnAddress}.`;
  if (definition.authorisedBy === null) {
    return {
      steps: [
        onScreen,
        marked,
        `Email the completed form, as a PDF attachment, from your own @nhs.net email account to ${printing.returnAddress}. No authorisation is needed.`,
      ],
      authorisation: null,
      returnTo: "Email the completed form, as a PDF attachment, from the address you gave as Applicant email, to:",
      returnAddress: printing.returnAddress,
      next: [
        "We check the form and the email it came in, then email you. If we cannot accept it, the email says why.",
        "Once your request is accepted, the Data Services Support Team sets up your ePACT2 account and emails you when it is ready.",
        question,
      ],
    };
  }
  const account = authoriserAccount(definition.id);
  return {
    steps: [
      onScreen,
      marked,
      `Send the saved form to ${definition.authorisedBy}, who completes the authorisation section.`,
      `Your authoriser emails the completed form, as a PDF attachment, from ${account} to ${printing.returnAddress}. We cannot accept it from anyone else.`,
    ],
    authorisation: `This access must be authorised by ${definition.authorisedBy}. We cannot accept registration forms authorised by the same person who is requesting access.`,
    returnTo: `The authoriser emails the completed form, as a PDF attachment, from ${account} (the address given as Authoriser email), to:`,
    returnAddress: printing.returnAddress,
    next: [
      "We check the form and the email it came in, then email the authoriser and the applicant. If we cannot accept it, we email the sender the reasons.",
      "Once the request is authorised, the Data Services Support Team sets up the applicant's ePACT2 account and emails them when it is ready.",
      question,
    ],
  };
}
