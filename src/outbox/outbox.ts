// Where replies leave. One contract, two transports (a directory of .eml files, the embedded
// default; SMTP with OAuth 2.0 in production), in the shape of nodemailer's own transports.

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

/**
 * What an outbox's own record says about an earlier attempt: the mail is there ("sent"), it
 * is not ("not-sent"), or this outbox keeps no record that could tell ("unknown").
 */
export type SentRecord = "sent" | "not-sent" | "unknown";

export interface Outbox {
  /** Delivers one mail; resolves once it is handed over for good. Throws on failure. */
  send(mail: OutgoingMail): Promise<void>;
  /**
   * Whether the mail with this Message-ID was handed over before, asked after an attempt was
   * cut short (the process killed between handing it over and recording that). Throws when
   * the record cannot be read now; the question is asked again later.
   */
  lookUp(messageId: string): Promise<SentRecord>;
  close(): Promise<void>;
}

/** Headers every automatic mail carries, so other systems neither answer nor loop. */
const AUTOMATIC_MAIL_HEADERS = {
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
 * A delivery that did not happen, or is not known to have happened. Permanent: the receiving
 * side refused the mail for good (an SMTP 5xx answer) and trying again will not help;
 * otherwise it is tried again later. `mayHaveLeft`: no answer came (the connection failed),
 * so the mail may have been taken all the same; the outbox's record is read before a retry.
 */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  readonly mayHaveLeft: boolean;
  constructor(message: string, permanent: boolean, options?: { cause?: unknown; mayHaveLeft?: boolean }) {
    super(message, options);
    this.name = "DeliveryError";
    this.permanent = permanent;
    this.mayHaveLeft = options?.mayHaveLeft ?? false;
  }
}
