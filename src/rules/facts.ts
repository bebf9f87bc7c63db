// Everything the decision about one message depends on. The intake shell gathers these
// (mail, PDF, DNS, database, clock); the rules only read them.
import type { RoleHolding } from "../directory/holds-role.ts";
import type { AttachedForm } from "../forms/attached-form.ts";
import type { AutomaticSignals } from "../message/automatic-mail.ts";
import type { Organisation } from "../organisations/organisation-types.ts";
import type { SenderEvidence } from "../sender/sender-evidence.ts";

export interface Policy {
  /** Domains a verified sender may write from, lower-case ASCII (e.g. nhs.net). */
  readonly allowedSenderDomains: readonly string[];
  /** Domains an applicant's address may be at (nhs.net and approved organisations). */
  readonly applicantDomains: readonly string[];
}

/** One line of the authoriser directory for the sender's address. */
export type DirectoryFact = RoleHolding;

/**
 * What an agent confirmed when accepting a referred message (src/casework): each stands in for
 * the evidence the rules could not find themselves. Null for mail judged by itself.
 */
export interface Review {
  /** The agent's email address. */
  readonly agent: string;
  /** How the agent confirmed the sender (a telephone call, a known colleague): the evidence kept. */
  readonly senderConfirmed: string | null;
  /** The agent confirmed the authoriser holds a fitting role for the organisation. */
  readonly authoriserConfirmed: boolean;
  /** The agent judged the national or CD Accountable Officer request justified. */
  readonly accessApproved: boolean;
}

export interface Facts {
  /** Header signals of mail sent by a machine. */
  readonly automatic: AutomaticSignals;
  /** The message carries this installation's signed marker, or its X-Loop: our own mail back. */
  readonly ownMessage: boolean;
  /** For a delivery report: the reply of ours it concerns, with that reply's request (if any). */
  readonly bouncedReply: { readonly reference: string | null } | null;
  readonly sender: SenderEvidence;
  readonly form: AttachedForm;
  /**
   * An accepted request for the same form, applicant and organisations whose own authoriser
   * or applicant the sender is: only they may hear that it exists.
   */
  readonly ownAcceptedRequest: { readonly reference: string } | null;
  /** The organisations named on the form that ODS data knows, by upper-case code. */
  readonly organisations: ReadonlyMap<string, Organisation>;
  /** Extra sender domains registered for the form's organisations. */
  readonly organisationDomains: readonly string[];
  /** The sender's entries in the authoriser directory. */
  readonly directory: readonly DirectoryFact[];
  /** The day the message was received (yyyy-mm-dd), for the directory's validity dates. */
  readonly receivedOn: string;
  readonly policy: Policy;
  readonly review: Review | null;
}
