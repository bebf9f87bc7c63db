// A reply composed from a template, ready to be recorded and then delivered.

export const REPLY_KINDS = [
  "authoriser-confirmation",
  "applicant-authorised",
  "rejection",
  "applicant-self-authorisation",
  "duplicate",
  "referred",
  "support-notice",
  /** Intake is failing (src/health): sent once per failing spell. */
  "support-alert",
  /** Intake is healthy again after an alert. */
  "support-recovered",
] as const;

export type ReplyKind = (typeof REPLY_KINDS)[number];

/** Mail to the support team itself: never capped, and no notice when it cannot be delivered. */
export const SUPPORT_REPLY_KINDS: readonly ReplyKind[] = ["support-notice", "support-alert", "support-recovered"];

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
