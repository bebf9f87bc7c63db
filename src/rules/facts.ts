// Everything the decision about one message depends on. The intake shell gathers these
// (mail, PDF, DNS, database); the rules only read them.
import type { AttachedForm } from "../forms/attached-form.ts";
import type { SenderEvidence } from "../sender/sender-evidence.ts";

export interface Policy {
  /** Domains a verified sender may write from, lower-case ASCII (e.g. nhs.net). */
  readonly allowedSenderDomains: readonly string[];
}

export interface Facts {
  readonly sender: SenderEvidence;
  readonly form: AttachedForm;
  /** The earlier authorised request for the same form, applicant and organisation. */
  readonly authorisedRequest: { readonly reference: string } | null;
  readonly policy: Policy;
}
