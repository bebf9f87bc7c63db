// A reply composed from a template, ready to be recorded and then delivered.

export const REPLY_KINDS = [
  "authoriser-confirmation",
  "applicant-authorised",
  "rejection",
  "applicant-self-authorisation",
  "duplicate",
  "referred",
  /** The applicant's form went back to the authoriser to correct (src/replies/compose-replies.ts). */
  "applicant-returned",
  /** The applicant's ePACT2 account exists now (src/casework: mark provisioned). */
  "applicant-account-ready",
  /** An agent asks the sender for a corrected form (src/casework). */
  "correction-request",
  /** An agent answers a question (src/casework). */
  "answer",
  "support-notice",
  /** Intake is failing (src/health): sent once per failing spell. */
  "support-alert",
  /** Intake is healthy again after an alert. */
  "support-recovered",
] as const;

export type ReplyKind = (typeof REPLY_KINDS)[number];

/**
 * Where a recorded reply stands: waiting; an attempt under way (or cut short, to be looked up
 * before any retry); delivered; given up on; or an answer over the daily cap, never sent.
 */
export const REPLY_STATUSES = ["pending", "sending", "sent", "failed", "suppressed"] as const;

export type ReplyStatus = (typeof REPLY_STATUSES)[number];

/** Mail to the support team itself: never capped, and no notice when it cannot be delivered. */
export const SUPPORT_REPLY_KINDS: readonly ReplyKind[] = ["support-notice", "support-alert", "support-recovered"];

/** What the applicant hears about, each once per request, when INTAKE_APPLICANT_NOTIFICATIONS lists it. */
export const APPLICANT_NOTIFICATIONS = ["authorised", "account-ready", "returned"] as const;
export type ApplicantNotification = (typeof APPLICANT_NOTIFICATIONS)[number];

/** The kind of email each applicant notification is. */
export const NOTIFICATION_KIND: Readonly<Record<ApplicantNotification, ReplyKind>> = {
  authorised: "applicant-authorised",
  "account-ready": "applicant-account-ready",
  returned: "applicant-returned",
};

/**
 * Answers to the sender of the message answered: what a loop with an autoresponder would
 * produce, so each address gets at most the daily cap of them. Only the address's own
 * (verified) mail is ever answered, so nobody else can use up its cap. The other kinds
 * (the authoriser's confirmation, the applicant's status notifications, mail to the support
 * team) follow from a request, not from whatever arrives, and are never capped.
 */
export const ANSWER_KINDS: readonly ReplyKind[] = ["rejection", "duplicate", "referred"];

export function isSupportReply(kind: string): boolean {
  return (SUPPORT_REPLY_KINDS as readonly string[]).includes(kind);
}

export interface ComposedReply {
  readonly kind: ReplyKind;
  /** Fixed when composed, so every delivery attempt sends the same email. */
  readonly messageId: string;
  readonly recipient: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Message-ID of the email this answers. */
  readonly inReplyTo: string;
  /** The References chain: the answered email's references, then its Message-ID. */
  readonly references: readonly string[];
}
