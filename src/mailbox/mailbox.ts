// Where messages come in. One contract for every kind of mailbox (a Maildir folder now,
// an IMAP account later): list what waits, read one, file messages by outcome, and watch
// for new mail.

/** The most of a message's header that is read when the message is too large to read. */
export const MAX_HEADER_BYTES = 256 * 1024;

/**
 * The header block of a message's first bytes, up to the end of its last field (the blank
 * line left out): cut at the first CRLFCRLF, else the first LFLF, else the whole of `head`.
 */
export function headerBlock(head: Buffer): Buffer {
  const crlf = head.indexOf("\r\n\r\n");
  const end = crlf >= 0 ? crlf : head.indexOf("\n\n");
  return Buffer.from(end >= 0 ? head.subarray(0, end + 2) : head);
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
   * Only the header block of a message (at most MAX_HEADER_BYTES), for a message too large
   * to be read whole.
   */
  readHeader(entry: MailboxEntry): Promise<Buffer>;
  /** Moves messages out of the inbox into their outcome folders (in one batch where the mailbox can). */
  file(instructions: readonly FilingInstruction[]): Promise<void>;
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
