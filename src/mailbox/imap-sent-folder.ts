// The Sent folder of the IMAP account that also sends the replies. Exchange Online files a
// copy of every mail submitted over SMTP AUTH in the mailbox's Sent Items, so after an
// attempt was cut short (the process killed between the SMTP server's 250 and the record of
// it) the copy says whether that reply left. Looked up rarely: the session opens on the first
// question and is kept until close().
import type { ImapFlow } from "imapflow";
import { SentFolderMissingError } from "./imap-errors.ts";
import { openImapConnection, type ConnectionLog, type ImapServer, type ReconnectPolicy } from "./imap-connection.ts";

export interface SentFolder {
  /** True when a mail with this Message-ID is in the folder. Throws when the folder cannot be read now. */
  holds(messageId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** A lookup waits for the server far less than intake does: the reply is simply looked at again later. */
const LOOKUP_RECONNECT: ReconnectPolicy = { firstDelayMs: 500, maxDelayMs: 5_000, giveUpAfterMs: 20_000 };

/** Selected afresh for every lookup, so the search sees copies filed since the last one. */
async function openReadOnly(client: ImapFlow, folder: string): Promise<void> {
  try {
    await client.mailboxOpen(folder, { readOnly: true });
  } catch (error) {
    if (!client.usable) throw error; // the session dropped: the connection repeats the lookup
    const exists = (await client.list()).some((entry) => entry.path === folder);
    throw exists ? error : new SentFolderMissingError(folder);
  }
}

export function openImapSentFolder(server: ImapServer, folder: string, log: ConnectionLog | null = null): SentFolder {
  const connection = openImapConnection(server, LOOKUP_RECONNECT, log);
  return {
    holds(messageId: string): Promise<boolean> {
      return connection.run(async (client) => {
        await openReadOnly(client, folder);
        const uids = await client.search({ header: { "message-id": messageId } }, { uid: true });
        return Array.isArray(uids) && uids.length > 0;
      });
    },
    close: () => connection.close(),
  };
}
