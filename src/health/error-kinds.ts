// What a pass record keeps of the error that ended a pass: class names and codes along its
// cause chain, never its data. Authentication failures are recognised by those names, so a
// refusal wrapped by a reconnect or a token error wrapped by the IMAP layer still counts.
// Pure: no I/O.

/** Names that mean the mail servers refused our credentials or we could not get a token. */
export const AUTHENTICATION_ERROR_KINDS: ReadonlySet<string> = new Set([
  "MailboxAuthenticationError", // src/mailbox/imap-errors.ts: the IMAP server refused the login
  "MailTokenError", // src/credentials: no OAuth 2.0 access token
  "AuthenticationFailure", // imapflow's own class, should it ever arrive unwrapped
  "EAUTH", // nodemailer's code for a refused SMTP login
]);

const MAX_DEPTH = 8;

function token(value: string): string {
  return value.replace(/[^A-Za-z0-9_.-]/g, "").slice(0, 60);
}

/** Class names and string codes of an error and its causes, outermost first, without repeats. */
export function errorKinds(error: unknown): string[] {
  const kinds: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < MAX_DEPTH && current !== undefined && current !== null; depth++) {
    const name = current instanceof Error ? current.name : typeof current;
    const code = (current as { code?: unknown }).code;
    for (const kind of [name, typeof code === "string" ? code : ""].map(token)) {
      if (kind !== "" && !kinds.includes(kind)) kinds.push(kind);
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return kinds;
}

export function isAuthenticationFailure(kinds: readonly string[]): boolean {
  return kinds.some((kind) => AUTHENTICATION_ERROR_KINDS.has(kind));
}

/** The error's message, on one line and short; the name stands beside it in the record. */
export function shortMessage(error: unknown, max = 300): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
