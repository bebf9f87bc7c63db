// An IMAP inbox key names a message by UIDVALIDITY and UID together.
import { describe, expect, it } from "vitest";
import { inboxKey, MailboxKeyError, parseInboxKey } from "../../src/mailbox/imap-key.ts";

describe("inbox keys", () => {
  it("round-trips UIDVALIDITY and UID", () => {
    expect(parseInboxKey(inboxKey(4_294_967_295n, 17))).toEqual({ uidValidity: 4_294_967_295n, uid: 17 });
  });

  it.each(["", "17", "1:0", "a:1", "1:2:3", "1795684771:2.5"])("refuses %j, which no IMAP mailbox made", (key) => {
    expect(() => parseInboxKey(key)).toThrow(MailboxKeyError);
  });
});
