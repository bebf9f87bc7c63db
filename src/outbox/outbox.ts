// Where replies leave. One contract, several transports (a directory of .eml files now;
// SMTP later), in the shape of nodemailer's own transports.

export interface OutgoingMail {
  /** Fixed before the first attempt: resending the same mail reuses it. */
  readonly messageId: string;
  readonly from: { readonly name: string; readonly address: string };
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
}

export interface Outbox {
  /** Delivers one mail; resolves once it is handed over for good. Throws on failure. */
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

/** Headers every automatic mail carries, so other systems neither answer nor loop. */
export const AUTOMATIC_MAIL_HEADERS = {
  "Auto-Submitted": "auto-replied",
  "X-Auto-Response-Suppress": "All",
} as const;

/** The mail as nodemailer composes it, the same for every transport. */
export function nodemailerMessage(mail: OutgoingMail) {
  return {
    messageId: mail.messageId,
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    inReplyTo: mail.inReplyTo ?? undefined,
    references: mail.references.length > 0 ? [...mail.references] : undefined,
    headers: { ...AUTOMATIC_MAIL_HEADERS },
  };
}

/**
 * A delivery that did not happen. Permanent: the receiving side refused the mail for good
 * (an SMTP 5xx answer) and trying again will not help; otherwise it is tried again later.
 */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DeliveryError";
    this.permanent = permanent;
  }
}
