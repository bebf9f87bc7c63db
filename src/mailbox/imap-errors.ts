// What can go wrong with an IMAP mailbox that the caller has to act on, each with the
// context needed to act: list the inbox again, fix the credentials, or wait for the server.

/**
 * What every error here shares: a `cause` is summed up at the end of the message, since the
 * message is what the log and the pass record keep. Each class sets `name` to its own class
 * name, because pass records and the health check tell errors apart by name
 * (src/health/error-kinds.ts).
 */
abstract class ImapMailboxError extends Error {
  protected constructor(message: string, options?: { cause: unknown }) {
    super(options ? `${message}: ${describe(options.cause)}` : message, options);
  }
}

/** The inbox was recreated or renumbered since it was listed: its keys name nothing now. List it again. */
export class UidValidityChangedError extends ImapMailboxError {
  readonly mailbox: string;
  readonly listedUidValidity: bigint;
  readonly currentUidValidity: bigint;
  override name = "UidValidityChangedError";

  constructor(mailbox: string, listedUidValidity: bigint, currentUidValidity: bigint) {
    super(
      `UIDVALIDITY of ${mailbox} changed from ${listedUidValidity} to ${currentUidValidity} since it was listed; ` +
        "list it again before reading or filing",
    );
    this.mailbox = mailbox;
    this.listedUidValidity = listedUidValidity;
    this.currentUidValidity = currentUidValidity;
  }
}

/** The message was listed but is no longer in the inbox (someone moved or deleted it meanwhile). */
export class MessageGoneError extends ImapMailboxError {
  readonly mailbox: string;
  readonly key: string;
  override name = "MessageGoneError";

  constructor(mailbox: string, key: string) {
    super(`message ${key} is no longer in ${mailbox}`);
    this.mailbox = mailbox;
    this.key = key;
  }
}

/** The server refused the credentials (a wrong password, or an access token it does not accept). */
export class MailboxAuthenticationError extends ImapMailboxError {
  readonly server: string;
  readonly user: string;
  override name = "MailboxAuthenticationError";

  constructor(server: string, user: string, options: { cause: unknown }) {
    super(`IMAP server ${server} refused the credentials of ${user}`, options);
    this.server = server;
    this.user = user;
  }
}

/** The server's certificate is not trusted (self-signed, expired, another name): waiting will not fix it. */
export class MailboxCertificateError extends ImapMailboxError {
  readonly server: string;
  readonly code: string;
  override name = "MailboxCertificateError";

  constructor(server: string, code: string, options: { cause: unknown }) {
    super(`the certificate of IMAP server ${server} is not trusted (${code})`, options);
    this.server = server;
    this.code = code;
  }
}

/** No session could be opened within the reconnect policy's time; `cause` is the last failure. */
export class MailboxUnreachableError extends ImapMailboxError {
  readonly server: string;
  readonly attempts: number;
  readonly elapsedMs: number;
  override name = "MailboxUnreachableError";

  constructor(server: string, attempts: number, elapsedMs: number, options: { cause: unknown }) {
    super(`IMAP server ${server} unreachable after ${attempts} attempts in ${elapsedMs} ms`, options);
    this.server = server;
    this.attempts = attempts;
    this.elapsedMs = elapsedMs;
  }
}

/** The mailbox was closed; nothing more can be done with it. */
export class MailboxClosedError extends ImapMailboxError {
  override name = "MailboxClosedError";

  constructor(server: string) {
    super(`the IMAP mailbox on ${server} is closed`);
  }
}

/** The cause's message, with its code and the server's response text when they add something. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const extra = error as Error & { code?: unknown; responseText?: unknown };
  const details = [extra.code, extra.responseText].filter((part) => typeof part === "string" && part !== error.message);
  return details.length > 0 ? `${error.message} (${details.join(", ")})` : error.message;
}

/**
 * The mailbox itself failed (refused us, unreachable, closed): nothing is wrong with the
 * message being handled, so the pass ends and the message waits for the next one.
 */
export function isMailboxFailure(error: unknown): boolean {
  return (
    error instanceof MailboxAuthenticationError ||
    error instanceof MailboxCertificateError ||
    error instanceof MailboxUnreachableError ||
    error instanceof MailboxClosedError
  );
}

/** The folder where the server files copies of sent mail is not in the account: a setting to fix. */
export class SentFolderMissingError extends ImapMailboxError {
  readonly folder: string;
  override name = "SentFolderMissingError";

  constructor(folder: string) {
    super(`the Sent folder "${folder}" does not exist in the mailbox (set INTAKE_SENT_FOLDER to the folder the mail server files sent mail in)`);
    this.folder = folder;
  }
}
