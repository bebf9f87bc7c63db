// Where messages come in. One contract for every kind of mailbox (a Maildir folder, an IMAP
// account): list what waits, read one, file messages by outcome, and watch for new mail.
import { createHash } from "node:crypto";
import { headerBytes } from "../message/header-block.ts";

// The fields that say which message this is. Their digest, taken from the bytes that were
// decided, is checked again just before the message is filed: an inbox renumbered or rebuilt
// meanwhile (whatever its server announces) then never gets another message filed in the
// place of the one decided. Sizes are left out: Exchange reports RFC822.SIZE loosely.
export const IDENTIFYING_FIELDS: readonly string[] = ["message-id", "date", "from", "subject"];

/**
 * The identity mark of a message: a digest of its identifying header fields, in order, as
 * written (unfolded). `head` is the message or any prefix holding its header block, or a
 * server's answer to a fetch of just those fields.
 */
export function identityMark(head: Buffer): string {
  const lines = headerBytes(head).toString("latin1").split(/\r?\n/);
  const fields: string[] = [];
  let current: string | null = null;
  const finish = (): void => {
    if (current !== null) fields.push(current);
    current = null;
  };
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (current !== null) current += ` ${line.trim()}`;
      continue;
    }
    finish();
    // Only a name written without space before its colon, as servers match field names.
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).toLowerCase() : "";
    if (IDENTIFYING_FIELDS.includes(name)) current = `${name}:${line.slice(colon + 1).trim()}`;
  }
  finish();
  const unfolded = fields.map((field) => field.replace(/[ \t]+/g, " "));
  return createHash("sha256").update(unfolded.join("\n")).digest("hex");
}

export type OutcomeFolder = "processed" | "rejected" | "exceptions";

export interface MailboxEntry {
  /** Stable for the life of the message in this mailbox (Maildir unique name, IMAP UID). */
  readonly key: string;
  readonly sizeBytes: number;
}

export interface FilingInstruction {
  readonly entry: MailboxEntry;
  readonly folder: OutcomeFolder;
  /**
   * identityMark() of the message as it was decided; null when it could not be read at all.
   * A message whose mark does not match (or is null) is left in the inbox.
   */
  readonly decidedMark: string | null;
}

/** What file() did not move: entries whose message is no longer the one decided, or is gone. */
export interface FilingResult {
  readonly notFiled: readonly MailboxEntry[];
}

/** A watch on the inbox, from Mailbox.watch(). */
export interface MailboxWatch {
  /** Stops watching: `onArrival` is not called once this has resolved. */
  stop(): Promise<void>;
  /** False when the mailbox cannot watch (an IMAP server without IDLE): only a poll finds new mail then. */
  readonly active: boolean;
}

export interface Mailbox {
  /** Messages waiting in the inbox, oldest first. */
  waiting(): Promise<MailboxEntry[]>;
  read(entry: MailboxEntry): Promise<Buffer>;
  /**
   * Only the header block of a message (at most MAX_HEADER_BYTES, src/message/header-block.ts), for a message too large
   * to be read whole.
   */
  readHeader(entry: MailboxEntry): Promise<Buffer>;
  /**
   * Moves messages out of the inbox into their outcome folders (in one batch where the
   * mailbox can), each only once it is confirmed, in the same session, that its key still
   * names the message that was decided.
   */
  file(instructions: readonly FilingInstruction[]): Promise<FilingResult>;
  /**
   * Moves a message already filed from one outcome folder to another, found by its
   * Message-ID (or, where the mailbox can, the key it had in the inbox); false when it is no
   * longer there (people moved it).
   */
  refile(message: { readonly messageId: string; readonly key: string }, from: OutcomeFolder, to: OutcomeFolder): Promise<boolean>;
  /**
   * Calls `onArrival` whenever new mail may be waiting: when it arrives, and when a watch that
   * was lost (a dropped connection) is back, since mail may have come meanwhile. A call says
   * "list the inbox", not what came. close() ends every watch.
   */
  watch(onArrival: () => void): Promise<MailboxWatch>;
  close(): Promise<void>;
}
