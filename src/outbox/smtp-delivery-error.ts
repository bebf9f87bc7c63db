// A reply that SMTP could not hand over, and whether trying again can help: the project's
// DeliveryError (the caller retries temporary failures with backoff and marks permanent ones
// failed), with the SMTP answer that decided it.
import { DeliveryError } from "./outbox.ts";

export class SmtpDeliveryError extends DeliveryError {
  readonly messageId: string;
  readonly recipient: string;
  /** The SMTP reply code, null when the server never answered (connection, TLS, timeout). */
  readonly responseCode: number | null;
  /** nodemailer's error code (EENVELOPE, EMESSAGE, ECONNECTION, ETIMEDOUT, EAUTH, ...). */
  readonly code: string | null;

  constructor(
    fields: { messageId: string; recipient: string; permanent: boolean; responseCode: number | null; code: string | null },
    options: { cause: unknown },
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`${fields.permanent ? "permanent" : "temporary"} failure delivering ${fields.messageId} to ${fields.recipient}: ${reason}`, fields.permanent, {
      ...options,
      mayHaveLeft: mayHaveLeft(fields.responseCode, fields.code),
    });
    this.name = "SmtpDeliveryError";
    this.messageId = fields.messageId;
    this.recipient = fields.recipient;
    this.responseCode = fields.responseCode;
    this.code = fields.code;
  }
}

/**
 * 5xx refuses the mail for good (RFC 5321), except 503 (commands out of sequence: a session
 * problem) and a refused login: a wrong password or expired token is our setting to fix,
 * after which the same mail goes through. 4xx, no answer at all, and timeouts are temporary.
 */
export function isPermanentFailure(responseCode: number | null, code: string | null): boolean {
  if (responseCode === null || code === "EAUTH" || responseCode === 503) return false;
  return responseCode >= 500 && responseCode <= 599;
}

/**
 * Without an answer the mail may have left: nodemailer reports a connection lost in the middle
 * of DATA like one lost before MAIL FROM. Only a refused login, a failed lookup of the
 * server's name and a TLS failure certainly happen before any mail is sent.
 */
function mayHaveLeft(responseCode: number | null, code: string | null): boolean {
  return responseCode === null && code !== "EAUTH" && code !== "EDNS" && code !== "ETLS";
}

export function deliveryErrorFrom(error: unknown, messageId: string, recipient: string): SmtpDeliveryError {
  const details = error as { responseCode?: unknown; code?: unknown };
  const responseCode = typeof details.responseCode === "number" ? details.responseCode : null;
  const code = typeof details.code === "string" ? details.code : null;
  return new SmtpDeliveryError(
    { messageId, recipient, permanent: isPermanentFailure(responseCode, code), responseCode, code },
    { cause: error },
  );
}
