// Filing instructions as intake makes them: each message read, and marked as it was decided,
// so that the mailbox can confirm before moving it that its key still names that message.
import { identityMark, type FilingInstruction, type Mailbox, type MailboxEntry, type OutcomeFolder } from "../../src/mailbox/mailbox.ts";

export async function decidedFiling(
  mailbox: Mailbox,
  entries: readonly MailboxEntry[],
  folder: OutcomeFolder | ((index: number) => OutcomeFolder),
): Promise<FilingInstruction[]> {
  const filing: FilingInstruction[] = [];
  for (const [index, entry] of entries.entries()) {
    filing.push({ entry, folder: typeof folder === "function" ? folder(index) : folder, decidedMark: identityMark(await mailbox.read(entry)) });
  }
  return filing;
}
