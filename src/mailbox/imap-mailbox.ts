// Mailbox on an IMAP account (Dovecot, Exchange Online). Messages are known by UID: the
// inbox is listed by UID with RFC822.SIZE, read with BODY.PEEK[] (nothing is marked read),
// and filed with one UID MOVE per outcome folder; the moved copies are then marked \Seen.
// Nothing is ever deleted, and moving is the only change made to the inbox.
import type { ImapFlow, MailboxObject } from "imapflow";
import type { FilingInstruction, Mailbox, MailboxEntry, OutcomeFolder } from "./mailbox.ts";
import { DEFAULT_RECONNECT, openImapConnection, type ConnectionLog, type ImapServer, type ReconnectPolicy } from "./imap-connection.ts";
import { MessageGoneError, UidValidityChangedError } from "./imap-errors.ts";
import { inboxKey, parseInboxKey, type InboxPosition } from "./imap-key.ts";
import { uidSets } from "./imap-uid-set.ts";

export type { ImapAuth, ImapServer, ReconnectPolicy } from "./imap-connection.ts";

export interface ImapMailboxOptions extends ImapServer {
  /** Default "INBOX". */
  readonly inbox?: string;
  /** Outcome folders, created when missing. Default Processed, Rejected, Exceptions. */
  readonly folders?: Partial<Record<OutcomeFolder, string>>;
  readonly reconnect?: Partial<ReconnectPolicy>;
  readonly log?: ConnectionLog;
}

export const IMAP_FOLDERS: Record<OutcomeFolder, string> = {
  processed: "Processed",
  rejected: "Rejected",
  exceptions: "Exceptions",
};

async function createMissingFolders(client: ImapFlow, folders: readonly string[]): Promise<void> {
  const existing = new Set((await client.list()).map((folder) => folder.path));
  for (const folder of folders) {
    if (!existing.has(folder)) await client.mailboxCreate(folder);
  }
}

/** Connects (failing at once on refused credentials), creates missing outcome folders, and returns the mailbox. */
export async function openImapMailbox(options: ImapMailboxOptions): Promise<Mailbox> {
  const inbox = options.inbox ?? "INBOX";
  const folders: Record<OutcomeFolder, string> = { ...IMAP_FOLDERS, ...options.folders };
  const connection = openImapConnection(options, { ...DEFAULT_RECONNECT, ...options.reconnect }, options.log ?? null);
  try {
    await connection.run((client) => createMissingFolders(client, Object.values(folders)));
  } catch (error) {
    await connection.close();
    throw error;
  }

  /** The inbox selected afresh: SELECT reports the UIDVALIDITY as it is now. */
  const selectInbox = (client: ImapFlow): Promise<MailboxObject> => client.mailboxOpen(inbox);

  /** The inbox as selected already, for reads; a change of UIDVALIDITY ends the session (Dovecot) or shows on the next SELECT. */
  const inboxSelected = async (client: ImapFlow): Promise<MailboxObject> =>
    client.mailbox && client.mailbox.path === inbox ? client.mailbox : selectInbox(client);

  const checkUidValidity = (selected: MailboxObject, positions: readonly InboxPosition[]): void => {
    const stale = positions.find((position) => position.uidValidity !== selected.uidValidity);
    if (stale) throw new UidValidityChangedError(inbox, stale.uidValidity, selected.uidValidity);
  };

  return {
    waiting(): Promise<MailboxEntry[]> {
      return connection.run(async (client) => {
        const selected = await selectInbox(client);
        if (selected.exists === 0) return [];
        const messages = await client.fetchAll("1:*", { uid: true, size: true });
        return messages
          .sort((a, b) => a.uid - b.uid)
          .map((message) => {
            if (message.size === undefined) throw new Error(`IMAP server gave no RFC822.SIZE for UID ${message.uid} in ${inbox}`);
            return { key: inboxKey(selected.uidValidity, message.uid), sizeBytes: message.size };
          });
      });
    },

    read(entry: MailboxEntry): Promise<Buffer> {
      const position = parseInboxKey(entry.key);
      return connection.run(async (client) => {
        checkUidValidity(await inboxSelected(client), [position]);
        // fetchOne collects the literal before returning: no download() inside a fetch() loop.
        const message = await client.fetchOne(String(position.uid), { uid: true, source: true }, { uid: true });
        if (!message || !message.source) throw new MessageGoneError(inbox, entry.key);
        return message.source;
      });
    },

    async file(instructions: readonly FilingInstruction[]): Promise<void> {
      if (instructions.length === 0) return;
      const positions = instructions.map(({ entry }) => parseInboxKey(entry.key));
      const byFolder = new Map<OutcomeFolder, number[]>();
      instructions.forEach(({ folder }, index) => {
        const uids = byFolder.get(folder) ?? [];
        uids.push((positions[index] as InboxPosition).uid);
        byFolder.set(folder, uids);
      });
      // Kept across a repeat after a dropped session: a UID already moved is then a no-op.
      const moved = new Map<OutcomeFolder, Map<number, number>>();
      let uidPlus = false;

      await connection.run(async (client) => {
        checkUidValidity(await selectInbox(client), positions);
        uidPlus = client.capabilities.has("UIDPLUS");
        for (const [folder, uids] of byFolder) {
          const copies = moved.get(folder) ?? new Map<number, number>();
          moved.set(folder, copies);
          for (const set of uidSets(uids)) {
            const result = await client.messageMove(set, folders[folder], { uid: true });
            if (!result) throw new Error(`UID MOVE ${set} from ${inbox} to ${folders[folder]} was not carried out`);
            for (const [from, to] of result.uidMap ?? []) copies.set(from, to);
          }
        }
        for (const [folder, copies] of moved) {
          if (copies.size === 0) continue; // no UIDPLUS: the copies cannot be named, so they stay unread
          await client.mailboxOpen(folders[folder]);
          for (const set of uidSets([...copies.values()])) {
            await client.messageFlagsAdd(set, ["\\Seen"], { uid: true, silent: true });
          }
        }
      });

      const gone = uidPlus
        ? instructions.filter(({ folder }, index) => !moved.get(folder)?.has((positions[index] as InboxPosition).uid))
        : [];
      if (gone.length > 0) {
        // Not an error of intake: someone moved these out of the inbox after it was listed.
        options.log?.warn("messages were no longer in the inbox when filed", { mailbox: inbox, keys: gone.map(({ entry }) => entry.key) });
      }
    },

    /**
     * Not possible on IMAP with this interface: the inbox UID in the key is gone once the
     * message is moved (the copy gets a new UID in the outcome folder), and nothing else in
     * the key identifies it. Refiling needs the Message-ID (SEARCH HEADER Message-ID); until
     * the interface passes it, the message stays where it is and this answers false.
     */
    refile(_key: string, _from: OutcomeFolder, _to: OutcomeFolder): Promise<boolean> {
      return Promise.resolve(false);
    },

    close(): Promise<void> {
      return connection.close();
    },
  };
}
