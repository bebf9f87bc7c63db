// Puts generated mail into a Dovecot inbox quickly: IMAP APPEND over several sessions at once
// (one session appends some 150 to 250 messages a second).
import { ImapFlow } from "imapflow";
import type { Dovecot } from "../../test/support/dovecot.ts";

export async function fillInbox(dovecot: Dovecot, raws: readonly Buffer[], sessions = 4): Promise<void> {
  let next = 0;
  const appendSome = async (): Promise<void> => {
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.imapsPort,
      secure: true,
      auth: { user: dovecot.user, pass: dovecot.password },
      tls: { ca: dovecot.certificate },
      logger: false,
      disableAutoIdle: true,
    });
    await client.connect();
    try {
      for (let index = next++; index < raws.length; index = next++) {
        if (!(await client.append("INBOX", raws[index] as Buffer))) throw new Error(`APPEND of message ${index} failed`);
      }
    } finally {
      await client.logout();
    }
  };
  await Promise.all(Array.from({ length: sessions }, appendSome));
}
