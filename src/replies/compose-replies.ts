// Who is written to, and with which template, for a decision. Pure: the Message-IDs and
// the clock come in from the caller. Only addresses the decision says earned it are written
// to: never an unverified sender, never an address from a form the sender could not vouch for.
import type { RegistrationForm } from "../forms/registration-form.ts";
import type { Decision } from "../rules/decide.ts";
import { REASONS } from "../rules/reasons.ts";
import { sameAddress } from "../message/addresses.ts";
import { greetingFor } from "./greeting.ts";
import type { ApplicantNotification, ComposedReply, ReplyKind } from "./reply.ts";
import type { ReplyView, Templates } from "./templates.ts";

export interface AnsweredMessage {
  readonly messageId: string;
  readonly references: readonly string[];
  readonly subject: string | null;
  readonly fromAddress: string | null;
  readonly receivedAt: Date;
}

export interface ReplySettings {
  readonly supportAddress: string;
  readonly formsUrl: string;
  /** Where an applicant signs in to ePACT2 once the account is ready. */
  readonly signInUrl: string;
  /** The applicant notifications that are sent (INTAKE_APPLICANT_NOTIFICATIONS). */
  readonly applicantNotifications: ReadonlySet<ApplicantNotification>;
  /** Titles of the forms by id, for the wording of replies. */
  readonly formTitle: (formId: RegistrationForm["formId"]) => string;
}

export interface ReplyInput {
  readonly decision: Decision;
  readonly answered: AnsweredMessage;
  /** The request this message created or concerns, if any. */
  readonly reference: string | null;
}

/** The access a form asks for, named once: its title without the "ePACT2: " that opens it. */
export function accessName(title: string): string {
  return title.replace(/^\s*ePACT2\s*:\s*/i, "");
}

/** The values every template of a decision's emails sees (templates/README.md). */
export function replyView(
  input: { readonly decision: Pick<Decision, "form" | "findings" | "outcome">; readonly answered: AnsweredMessage; readonly reference: string | null },
  settings: ReplySettings,
): ReplyView {
  const { decision, answered, reference } = input;
  const form = decision.form;
  const title = form ? settings.formTitle(form.formId) : "";
  return {
    reference: reference ?? "",
    outcome: decision.outcome,
    form: form ? { id: form.formId, title, access: accessName(title) } : null,
    applicant: form
      ? { name: `${form.applicant.firstName} ${form.applicant.lastName}`, email: form.applicant.email }
      : null,
    authoriser: form?.authoriser
      ? { name: form.authoriser.name, email: form.authoriser.email, role: form.authoriser.role }
      : null,
    organisation: form ? { name: form.organisation.name, codes: form.organisation.codes.join(", ") } : null,
    reasons: decision.findings.map((f) => ({ code: f.code, sentence: REASONS[f.code].sentence, detail: f.detail ?? "" })),
    formsUrl: settings.formsUrl,
    signInUrl: settings.signInUrl,
    supportAddress: settings.supportAddress,
    original: {
      messageId: answered.messageId,
      subject: answered.subject ?? "",
      from: answered.fromAddress ?? "(none)",
      receivedAt: answered.receivedAt.toISOString(),
    },
  };
}

/**
 * The recipients of each kind of reply for this decision, in the order they are sent: only
 * those the decision says may be written to (src/rules/reachable.ts), and the support team.
 */
export function addressees(input: ReplyInput, settings: ReplySettings): Addressee[] {
  const { decision } = input;
  const notify = (notification: ApplicantNotification): boolean => settings.applicantNotifications.has(notification);
  const { sender, applicant } = decision.reachable;
  const form = decision.form;
  const codes = new Set(decision.findings.map((f) => f.code));
  const out: Addressee[] = [];

  switch (decision.outcome) {
    case "accepted":
      if (form?.authoriser && sender) out.push({ kind: "authoriser-confirmation", recipient: sender });
      if (applicant && notify("authorised")) out.push({ kind: "applicant-authorised", recipient: applicant });
      break;
    case "rejected":
      if (sender) out.push({ kind: "rejection", recipient: sender });
      if (applicant && !(sender && sameAddress(applicant, sender))) {
        // Self-authorisation concerns the applicant: told why. Anything else is the authoriser's to correct.
        if (codes.has("SELF_AUTHORISATION")) out.push({ kind: "applicant-self-authorisation", recipient: applicant });
        else if (notify("returned")) out.push({ kind: "applicant-returned", recipient: applicant });
      }
      break;
    case "duplicate":
      if (sender) out.push({ kind: "duplicate", recipient: sender });
      break;
    case "flagged":
      out.push({ kind: "support-notice", recipient: settings.supportAddress });
      if (sender && !codes.has("SENDER_DOMAIN_NOT_ALLOWED")) out.push({ kind: "referred", recipient: sender });
      break;
    case "ignored":
      break;
  }
  return out;
}

/** One email to make: its kind, and who gets it. */
export interface Addressee {
  readonly kind: ReplyKind;
  readonly recipient: string;
}

/** The emails to `to`, rendered from `view`, threaded under the message answered. */
export function renderReplies(
  to: readonly Addressee[],
  input: { readonly answered: AnsweredMessage; readonly decision: Pick<Decision, "form"> },
  view: ReplyView,
  templates: Templates,
  newMessageId: (kind: ReplyKind) => string,
): ComposedReply[] {
  const references = [...input.answered.references, input.answered.messageId];
  return to.map(({ kind, recipient }) => ({
    kind,
    recipient,
    messageId: newMessageId(kind),
    inReplyTo: input.answered.messageId,
    references,
    ...templates.render(kind, { ...view, greeting: greetingFor(recipient, input.decision.form) }),
  }));
}

export function composeReplies(
  input: ReplyInput,
  templates: Templates,
  settings: ReplySettings,
  newMessageId: (kind: ReplyKind) => string,
): ComposedReply[] {
  return renderReplies(addressees(input, settings), input, replyView(input, settings), templates, newMessageId);
}

/** The notice to the support team that a reply of ours will never be delivered. */
export function composeUndeliverableNotice(
  failed: { readonly kind: string; readonly recipient: string; readonly inReplyTo: string | null; readonly reference: string | null },
  error: string,
  templates: Templates,
  settings: ReplySettings,
  messageId: string,
): ComposedReply {
  const view: ReplyView = {
    reference: failed.reference ?? "",
    outcome: "flagged",
    form: null,
    applicant: null,
    authoriser: null,
    organisation: null,
    reasons: [{ code: "REPLY_UNDELIVERABLE", sentence: REASONS.REPLY_UNDELIVERABLE.sentence, detail: `${failed.kind} to ${failed.recipient}: ${error}` }],
    formsUrl: settings.formsUrl,
    supportAddress: settings.supportAddress,
    original: { messageId: failed.inReplyTo ?? "", subject: "", from: "", receivedAt: "" },
  };
  return {
    kind: "support-notice",
    messageId,
    recipient: settings.supportAddress,
    inReplyTo: failed.inReplyTo ?? "",
    references: failed.inReplyTo ? [failed.inReplyTo] : [],
    ...templates.render("support-notice", view),
  };
}
