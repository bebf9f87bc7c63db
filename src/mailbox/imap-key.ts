// The key of a message waiting in an IMAP inbox: "<UIDVALIDITY>:<UID>". A UID names one
// message only while the inbox keeps its UIDVALIDITY, so the key carries both.

export interface InboxPosition {
  readonly uidValidity: bigint;
  readonly uid: number;
}

export class MailboxKeyError extends Error {
  readonly key: string;

  constructor(key: string) {
    super(`"${key}" is not the key of a message in an IMAP inbox (expected "<uidvalidity>:<uid>")`);
    this.name = "MailboxKeyError";
    this.key = key;
  }
}

export function inboxKey(uidValidity: bigint, uid: number): string {
  return `${uidValidity}:${uid}`;
}

export function parseInboxKey(key: string): InboxPosition {
  const match = /^(\d{1,20}):(\d{1,10})$/.exec(key);
  const uid = Number(match?.[2]);
  if (!match?.[1] || !Number.isSafeInteger(uid) || uid < 1) throw new MailboxKeyError(key);
  return { uidValidity: BigInt(match[1]), uid };
}
