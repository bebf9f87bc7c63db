// A reply composed from a template, ready to be recorded and then delivered.

export const REPLY_KINDS = [
  "authoriser-confirmation",
  "applicant-authorised",
  "rejection",
  "applicant-self-authorisation",
  "duplicate",
  "referred",
  "support-notice",
] as const;

export type ReplyKind = (typeof REPLY_KINDS)[number];

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
