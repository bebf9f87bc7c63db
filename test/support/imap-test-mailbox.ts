// The intake's IMAP mailbox opened on a test Dovecot's account as production opens it (IMAPS,
// the certificate checked), but giving up on a server that is down after seconds, not minutes.
// A test file closes what it opened after each test, so no session outlives its test.
import { openImapMailbox, type ImapMailboxOptions, type ImapServer } from "../../src/mailbox/imap-mailbox.ts";
import type { Mailbox } from "../../src/mailbox/mailbox.ts";
import type { Dovecot } from "./dovecot.ts";

/** The test account of `server` over IMAPS, its certificate checked, logging in with the password. */
export function testImapServer(server: Dovecot): ImapServer {
  return {
    host: server.host,
    port: server.imapsPort,
    security: "tls",
    user: server.user,
    auth: { kind: "password", password: server.password },
    tls: { rejectUnauthorized: true, ca: server.certificate },
  };
}

export interface TestMailboxes {
  /** Opens the mailbox of `server`'s test account; `overrides` replace whole options. */
  open(server: Dovecot, overrides?: Partial<ImapMailboxOptions>): Promise<Mailbox>;
  /** Closes every mailbox opened so far: call it in afterEach. */
  closeAll(): Promise<void>;
}

export function testMailboxes(): TestMailboxes {
  const opened: Mailbox[] = [];
  return {
    async open(server, overrides = {}) {
      const mailbox = await openImapMailbox({
        ...testImapServer(server),
        reconnect: { firstDelayMs: 100, maxDelayMs: 1_000, giveUpAfterMs: 10_000 },
        ...overrides,
      });
      opened.push(mailbox);
      return mailbox;
    },
    async closeAll() {
      await Promise.all(opened.splice(0).map((mailbox) => mailbox.close()));
    },
  };
}

