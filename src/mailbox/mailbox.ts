// Where messages come in. One contract for every kind of mailbox (a Maildir folder now,
// an IMAP account later): list what waits, read one, and file messages by outcome.

/** The most of a message's header that is read when the message is too large to read. */
export const MAX_HEADER_BYTES = 256 * 1024;

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
  close(): Promise<void>;
}
