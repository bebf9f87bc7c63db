// Mailbox on an IMAP account (Dovecot, Exchange Online). Messages are known by UID: the
// inbox is listed by UID with RFC822.SIZE, read with BODY.PEEK[] (nothing is marked read),
// and filed with one UID MOVE per outcome folder; the moved copies are then marked \Seen.
// Nothing is ever deleted, and moving is the only change made to the inbox. New mail is
// watched for on a second session (imap-watch.ts).
import type { ImapFlow, MailboxObject } from "imapflow";
import {
  IDENTIFYING_FIELDS,
  identityMark,
  type FilingInstruction,
  type FilingResult,
  type Mailbox,
  type MailboxEntry,
  type MailboxWatch,
  type OutcomeFolder,
} from "./mailbox.ts";
import { DEFAULT_RECONNECT, openImapConnection, type ConnectionLog, type ImapServer, type ReconnectPolicy } from "./imap-connection.ts";
import { MessageGoneError, UidValidityChangedError } from "./imap-errors.ts";
import { inboxKey, parseInboxKey, type InboxPosition } from "./imap-key.ts";
import { uidSets } from "./imap-uid-set.ts";
import { startImapWatch } from "./imap-watch.ts";
import { headerBytes, MAX_HEADER_BYTES } from "../message/header-block.ts";

export type { ImapAuth, ImapServer, ReconnectPolicy } from "./imap-connection.ts";

export interface ImapMailboxOptions extends ImapServer {
  /** Default "INBOX". */
  readonly inbox?: string;
  /** Outcome folders, created when missing. Default Processed, Rejected, Exceptions. */
  readonly folders?: Partial<Record<OutcomeFolder, string>>;
  readonly reconnect?: Partial<ReconnectPolicy>;
  readonly log?: ConnectionLog;
  /** How often the watch session issues IDLE afresh. Default IDLE_RESTART_MS (10 minutes). */
  readonly idleRestartMs?: number;
}

const IMAP_FOLDERS: Record<OutcomeFolder, string> = {
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

/**
 * The UIDs, among those to be filed, whose message is still the one decided: one UID FETCH
 * of the identifying header fields, compared with the mark taken when it was decided.
 */
async function stillDecided(client: ImapFlow, instructions: readonly FilingInstruction[], positions: readonly InboxPosition[]): Promise<Set<number>> {
  const marks = new Map<number, string>();
  const uids = positions.map((position) => position.uid);
  for (const set of uidSets(uids)) {
    for (const message of await client.fetchAll(set, { uid: true, headers: [...IDENTIFYING_FIELDS] }, { uid: true })) {
      if (message.headers) marks.set(message.uid, identityMark(message.headers));
    }
  }
  const confirmed = new Set<number>();
  instructions.forEach(({ decidedMark }, index) => {
    const uid = (positions[index] as InboxPosition).uid;
    if (decidedMark !== null && marks.get(uid) === decidedMark) confirmed.add(uid);
  });
  return confirmed;
}

/** The confirmed UIDs to move, by outcome folder. */
function uidsByFolder(
  instructions: readonly FilingInstruction[],
  positions: readonly InboxPosition[],
  confirmed: ReadonlySet<number>,
): Map<OutcomeFolder, number[]> {
  const byFolder = new Map<OutcomeFolder, number[]>();
  instructions.forEach(({ folder }, index) => {
    const uid = (positions[index] as InboxPosition).uid;
    if (!confirmed.has(uid)) return;
    const uids = byFolder.get(folder) ?? [];
    uids.push(uid);
    byFolder.set(folder, uids);
  });
  return byFolder;
}

/** Connects (failing at once on refused credentials), creates missing outcome folders, and returns the mailbox. */
export async function openImapMailbox(options: ImapMailboxOptions): Promise<Mailbox> {
  const inbox = options.inbox ?? "INBOX";
  const folders: Record<OutcomeFolder, string> = { ...IMAP_FOLDERS, ...options.folders };
  const reconnect: ReconnectPolicy = { ...DEFAULT_RECONNECT, ...options.reconnect };
  const connection = openImapConnection(options, reconnect, options.log ?? null);
  const closing = new AbortController();
  const watches = new Set<MailboxWatch>();
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

  /** The message's source (BODY.PEEK[], or the part `source` names) from the inbox. */
  const fetchSource = (entry: MailboxEntry, source: true | { start: number; maxLength: number }): Promise<Buffer> => {
    const position = parseInboxKey(entry.key);
    return connection.run(async (client) => {
      checkUidValidity(await inboxSelected(client), [position]);
      // fetchOne collects the literal before returning: no download() inside a fetch() loop.
      const message = await client.fetchOne(String(position.uid), { uid: true, source }, { uid: true });
      if (!message || !message.source) throw new MessageGoneError(inbox, entry.key);
      return message.source;
    });
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
      return fetchSource(entry, true);
    },

    readHeader(entry: MailboxEntry): Promise<Buffer> {
      // BODY.PEEK[]<0.n>: only the first bytes cross the wire, however large the message.
      return fetchSource(entry, { start: 0, maxLength: MAX_HEADER_BYTES }).then(headerBytes);
    },

    async file(instructions: readonly FilingInstruction[]): Promise<FilingResult> {
      if (instructions.length === 0) return { notFiled: [] };
      const positions = instructions.map(({ entry }) => parseInboxKey(entry.key));
      // Kept across a repeat after a dropped session: a UID already moved is then a no-op.
      const moved = new Map<OutcomeFolder, Map<number, number>>();
      // Also kept across a repeat: a message moved before the drop is no longer there to fetch.
      const confirmed = new Set<number>();
      let uidPlus = false;

      await connection.run(async (client) => {
        checkUidValidity(await selectInbox(client), positions);
        // In this session, before anything moves: does each UID still name the message decided?
        for (const uid of await stillDecided(client, instructions, positions)) confirmed.add(uid);
        uidPlus = client.capabilities.has("UIDPLUS");
        for (const [folder, uids] of uidsByFolder(instructions, positions, confirmed)) {
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
          try {
            await client.mailboxOpen(folders[folder]);
            for (const set of uidSets([...copies.values()])) {
              await client.messageFlagsAdd(set, ["\\Seen"], { uid: true, silent: true });
            }
          } catch (error) {
            if (!client.usable) throw error; // the session dropped: the whole filing is repeated
            // The messages are filed; an unread mark in an outcome folder must not stop intake.
            options.log?.warn("filed messages could not be marked read", { folder: folders[folder], error: (error as Error).message });
          }
        }
      });

      const notDecided = instructions.filter((_, index) => !confirmed.has((positions[index] as InboxPosition).uid));
      if (notDecided.length > 0) {
        // The inbox changed under the pass (renumbered, rebuilt, or emptied by a person): left
        // where they are; the next pass lists the inbox afresh and decides what it finds.
        options.log?.warn("messages in the inbox were not the ones decided, or were gone; left in the inbox", {
          mailbox: inbox,
          keys: notDecided.map(({ entry }) => entry.key),
        });
      }
      const gone = uidPlus
        ? instructions.filter(({ folder }, index) => {
            const uid = (positions[index] as InboxPosition).uid;
            return confirmed.has(uid) && !moved.get(folder)?.has(uid);
          })
        : [];
      if (gone.length > 0) {
        // Not an error of intake: someone moved these out of the inbox after they were confirmed.
        options.log?.warn("messages were no longer in the inbox when filed", { mailbox: inbox, keys: gone.map(({ entry }) => entry.key) });
      }
      return { notFiled: [...notDecided, ...gone].map(({ entry }) => entry) };
    },

    /**
     * The inbox UID in the key is gone once a message is moved (the copy has a new UID in
     * the outcome folder), so the message is found by its Message-ID header there.
     */
    async refile({ messageId }: { readonly messageId: string }, from: OutcomeFolder, to: OutcomeFolder): Promise<boolean> {
      if (messageId.endsWith("@intake.invalid>")) return false; // synthesised: not in any header
      return connection.run(async (client) => {
        await client.mailboxOpen(folders[from]);
        const uids = await client.search({ header: { "message-id": messageId } }, { uid: true });
        if (!uids || uids.length === 0) return false;
        const result = await client.messageMove(uids.join(","), folders[to], { uid: true });
        return Boolean(result);
      });
    },

    async watch(onArrival: () => void): Promise<MailboxWatch> {
      const watch = await startImapWatch(
        { server: options, inbox, reconnect, log: options.log ?? null, idleRestartMs: options.idleRestartMs, closed: closing.signal },
        onArrival,
      );
      watches.add(watch);
      return {
        active: watch.active,
        stop: async () => {
          watches.delete(watch);
          await watch.stop();
        },
      };
    },

    async close(): Promise<void> {
      closing.abort();
      await Promise.all([...watches].map((watch) => watch.stop()));
      await connection.close();
    },
  };
}
