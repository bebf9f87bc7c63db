// Who is written to, and with which template, for a decision. Pure: the Message-IDs and
// the clock come in from the caller. Only addresses the decision says earned it are written
// to: never an unverified sender, never an address from a form the sender could not vouch for.
import type { RegistrationForm } from "../forms/registration-form.ts";
import type { Decision } from "../rules/decide.ts";
import { REASONS } from "../rules/reasons.ts";
import { sameAddress } from "../message/addresses.ts";
import { greetingFor } from "./greeting.ts";
import type { ComposedReply, ReplyKind } from "./reply.ts";
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

function viewOf(input: ReplyInput, settings: ReplySettings): ReplyView {
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
function addressees(input: ReplyInput, supportAddress: string): { kind: ReplyKind; recipient: string }[] {
  const { decision } = input;
  const { sender, applicant } = decision.reachable;
  const form = decision.form;
  const codes = new Set(decision.findings.map((f) => f.code));
  const out: { kind: ReplyKind; recipient: string }[] = [];

  switch (decision.outcome) {
    case "accepted":
      if (form?.authoriser && sender) out.push({ kind: "authoriser-confirmation", recipient: sender });
      if (applicant) out.push({ kind: "applicant-authorised", recipient: applicant });
      break;
    case "rejected":
      if (sender) out.push({ kind: "rejection", recipient: sender });
      if (applicant && codes.has("SELF_AUTHORISATION") && !(sender && sameAddress(applicant, sender))) {
        out.push({ kind: "applicant-self-authorisation", recipient: applicant });
      }
      break;
    case "duplicate":
      if (sender) out.push({ kind: "duplicate", recipient: sender });
      break;
    case "flagged":
      out.push({ kind: "support-notice", recipient: supportAddress });
      if (sender && !codes.has("SENDER_DOMAIN_NOT_ALLOWED")) out.push({ kind: "referred", recipient: sender });
      break;
    case "ignored":
      break;
  }
  return out;
}

export function composeReplies(
  input: ReplyInput,
  templates: Templates,
  settings: ReplySettings,
  newMessageId: (kind: ReplyKind) => string,
): ComposedReply[] {
  const view = viewOf(input, settings);
  const references = [...input.answered.references, input.answered.messageId];
  return addressees(input, settings.supportAddress).map(({ kind, recipient }) => ({
    kind,
    recipient,
    messageId: newMessageId(kind),
    inReplyTo: input.answered.messageId,
    references,
    ...templates.render(kind, { ...view, greeting: greetingFor(recipient, input.decision.form) }),
  }));
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
