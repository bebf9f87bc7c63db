// What can go wrong with an IMAP mailbox that the caller has to act on, each with the
// context needed to act: list the inbox again, fix the credentials, or wait for the server.

/** The inbox was recreated or renumbered since it was listed: its keys name nothing now. List it again. */
export class UidValidityChangedError extends Error {
  readonly mailbox: string;
  readonly listedUidValidity: bigint;
  readonly currentUidValidity: bigint;

  constructor(mailbox: string, listedUidValidity: bigint, currentUidValidity: bigint) {
    super(
      `UIDVALIDITY of ${mailbox} changed from ${listedUidValidity} to ${currentUidValidity} since it was listed; ` +
        "list it again before reading or filing",
    );
    this.name = "UidValidityChangedError";
    this.mailbox = mailbox;
    this.listedUidValidity = listedUidValidity;
    this.currentUidValidity = currentUidValidity;
  }
}

/** The message was listed but is no longer in the inbox (someone moved or deleted it meanwhile). */
export class MessageGoneError extends Error {
  readonly mailbox: string;
  readonly key: string;

  constructor(mailbox: string, key: string) {
    super(`message ${key} is no longer in ${mailbox}`);
    this.name = "MessageGoneError";
    this.mailbox = mailbox;
    this.key = key;
  }
}

/** The server refused the credentials (a wrong password, or an access token it does not accept). */
export class MailboxAuthenticationError extends Error {
  readonly server: string;
  readonly user: string;

  constructor(server: string, user: string, options: { cause: unknown }) {
    super(`IMAP server ${server} refused the credentials of ${user}: ${describe(options.cause)}`, options);
    this.name = "MailboxAuthenticationError";
    this.server = server;
    this.user = user;
  }
}

/** The server's certificate is not trusted (self-signed, expired, another name): waiting will not fix it. */
export class MailboxCertificateError extends Error {
  readonly server: string;
  readonly code: string;

  constructor(server: string, code: string, options: { cause: unknown }) {
    super(`the certificate of IMAP server ${server} is not trusted (${code}): ${describe(options.cause)}`, options);
    this.name = "MailboxCertificateError";
    this.server = server;
    this.code = code;
  }
}

/** No session could be opened within the reconnect policy's time; `cause` is the last failure. */
export class MailboxUnreachableError extends Error {
  readonly server: string;
  readonly attempts: number;
  readonly elapsedMs: number;

  constructor(server: string, attempts: number, elapsedMs: number, options: { cause: unknown }) {
    super(`IMAP server ${server} unreachable after ${attempts} attempts in ${elapsedMs} ms: ${describe(options.cause)}`, options);
    this.name = "MailboxUnreachableError";
    this.server = server;
    this.attempts = attempts;
    this.elapsedMs = elapsedMs;
  }
}

/** The mailbox was closed; nothing more can be done with it. */
export class MailboxClosedError extends Error {
  constructor(server: string) {
    super(`the IMAP mailbox on ${server} is closed`);
    this.name = "MailboxClosedError";
  }
}

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
