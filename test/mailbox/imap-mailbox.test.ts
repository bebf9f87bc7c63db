// The IMAP mailbox against a real Dovecot on loopback: listing, reading, filing by UID in
// one batch, UIDVALIDITY changes, and a server that goes away and comes back.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  MailboxAuthenticationError,
  MailboxCertificateError,
  MailboxClosedError,
  MailboxUnreachableError,
  MessageGoneError,
  UidValidityChangedError,
} from "../../src/mailbox/imap-errors.ts";
import type { ImapMailboxOptions } from "../../src/mailbox/imap-mailbox.ts";
import type { Mailbox } from "../../src/mailbox/mailbox.ts";
import { MAX_HEADER_BYTES } from "../../src/message/header-block.ts";
import { formMail } from "../intake/form-mail.ts";
import { startDovecot, type Dovecot } from "../support/dovecot.ts";
import { decidedFiling } from "../support/decided-filing.ts";
import { testMailboxes } from "../support/imap-test-mailbox.ts";
import { buildMail } from "../support/mail-builder.ts";

let dovecot: Dovecot;
const mailboxes = testMailboxes();

beforeAll(async () => {
  dovecot = await startDovecot();
});

afterAll(async () => {
  await dovecot?.stop();
});

beforeEach(async () => {
  await dovecot.reset();
});

afterEach(async () => {
  await mailboxes.closeAll();
});

const open = (overrides: Partial<ImapMailboxOptions> = {}): Promise<Mailbox> => mailboxes.open(dovecot, overrides);

function note(n: number, text = "Registration form attached."): Promise<Buffer> {
  return buildMail({
    from: `Applicant ${n} <applicant${n}@nhs.net>`,
    to: "dataservicessupport@nhsbsa.nhs.uk",
    subject: `ePACT2 registration ${n}`,
    text,
    messageId: `<note-${n}@test.nhs.net>`,
  });
}

async function deliverNotes(count: number): Promise<Buffer[]> {
  const raws = await Promise.all(Array.from({ length: count }, (_, n) => note(n + 1, "x".repeat(100 * (n + 1)))));
  await dovecot.deliverAll(raws);
  return raws;
}

const messageIds = async (folder: string): Promise<(string | null)[]> => (await dovecot.list(folder)).map((m) => m.messageId);

describe("connecting", () => {
  it("connects over IMAPS with a password", async () => {
    const mailbox = await open();
    expect(await mailbox.waiting()).toEqual([]);
  });

  it("connects over IMAP upgraded with STARTTLS", async () => {
    const mailbox = await open({ port: dovecot.imapPort, security: "starttls" });
    await deliverNotes(1);
    expect(await mailbox.waiting()).toHaveLength(1);
  });

  it("fails at once with MailboxAuthenticationError when the password is refused", async () => {
    const attempt = open({ auth: { kind: "password", password: "not-the-password" } });
    await expect(attempt).rejects.toBeInstanceOf(MailboxAuthenticationError);
  });

  it("fails at once with MailboxCertificateError when the server's certificate is not trusted", async () => {
    const attempt = open({ tls: { rejectUnauthorized: true } });
    await expect(attempt).rejects.toBeInstanceOf(MailboxCertificateError);
  });

  it("logs in with an OAuth2 token, asking the token source afresh for every session", async () => {
    dovecot.acceptTokens("token-one", "token-two");
    const issued = ["token-one", "token-two"];
    const asked = dovecot.introspected.length;
    const mailbox = await open({ auth: { kind: "oauth2", token: () => Promise.resolve(issued.shift() ?? "none left") } });
    await mailbox.waiting();

    await dovecot.restart();
    await mailbox.waiting();

    expect(dovecot.introspected.slice(asked)).toEqual(["token-one", "token-two"]);
  });

  it("fails at once with MailboxAuthenticationError when the OAuth2 token is refused", async () => {
    const attempt = open({ auth: { kind: "oauth2", token: () => Promise.resolve("revoked-token") } });
    await expect(attempt).rejects.toBeInstanceOf(MailboxAuthenticationError);
  });

  it("reports a token source that keeps failing as MailboxUnreachableError naming it, once the time is up", async () => {
    const attempt = open({
      auth: { kind: "oauth2", token: () => Promise.reject(new Error("AADSTS7000215: invalid client secret")) },
      reconnect: { firstDelayMs: 50, maxDelayMs: 100, giveUpAfterMs: 300 },
    });
    await expect(attempt).rejects.toBeInstanceOf(MailboxUnreachableError);
    await expect(attempt).rejects.toThrow(/OAuth2 token source failed: AADSTS7000215/);
  });

  it("creates the outcome folders that are missing", async () => {
    await open({ folders: { exceptions: "Intake Exceptions" } });
    expect(await dovecot.folders()).toEqual(["INBOX", "Intake Exceptions", "Processed", "Rejected"]);
  });

  it("refuses work once closed, with MailboxClosedError", async () => {
    const mailbox = await open();
    await mailbox.close();

    await expect(mailbox.waiting()).rejects.toBeInstanceOf(MailboxClosedError);
  });
});

describe("listing and reading", () => {
  it("lists waiting messages oldest first, keyed by UIDVALIDITY and UID, with their sizes", async () => {
    const raws = await deliverNotes(3);
    const stored = await dovecot.list("INBOX");
    const uidValidity = await dovecot.uidValidity("INBOX");
    const mailbox = await open();

    expect(await mailbox.waiting()).toEqual(
      stored.map((message, n) => ({ key: `${uidValidity}:${message.uid}`, sizeBytes: raws[n]?.length })),
    );
  });

  it("reads exactly the bytes that were delivered", async () => {
    const raw = await formMail();
    await dovecot.deliver(raw);
    const mailbox = await open();
    const [entry] = await mailbox.waiting();

    expect((await mailbox.read(entry!)).equals(raw)).toBe(true);
  });

  it("reads only the header block of a large message, as the Maildir mailbox does", async () => {
    const raw = await buildMail({
      from: "Applicant <applicant@nhs.net>",
      to: "dataservicessupport@nhsbsa.nhs.uk",
      subject: "A very large scan",
      text: "x".repeat(3 * MAX_HEADER_BYTES),
      messageId: "<large@test.nhs.net>",
    });
    await dovecot.deliver(raw);
    const mailbox = await open();
    const [entry] = await mailbox.waiting();

    const header = await mailbox.readHeader(entry!);

    expect(header.toString("latin1")).toBe(raw.toString("latin1").split("\r\n\r\n")[0] + "\r\n");
  });

  it("reports MessageGoneError for a listed message that a person moved out meanwhile", async () => {
    await deliverNotes(1);
    const mailbox = await open();
    const [entry] = await mailbox.waiting();
    await dovecot.moveByHand("INBOX", (await dovecot.list("INBOX"))[0]!.uid, "Kept by support");

    await expect(mailbox.read(entry!)).rejects.toBeInstanceOf(MessageGoneError);
  });

  it("leaves the inbox unread: listing and reading set no flag", async () => {
    await deliverNotes(2);
    const mailbox = await open();
    for (const entry of await mailbox.waiting()) await mailbox.read(entry);

    expect((await dovecot.list("INBOX")).map((m) => m.flags.includes("\\Seen"))).toEqual([false, false]);
  });
});

describe("filing", () => {
  it("moves a batch into its outcome folders, marked read, and leaves the inbox empty", async () => {
    await deliverNotes(5);
    const mailbox = await open();
    const [a, b, c, d, e] = await mailbox.waiting();

    const folders = ["processed", "rejected", "processed", "exceptions", "rejected"] as const;
    await mailbox.file(await decidedFiling(mailbox, [a!, b!, c!, d!, e!], (index) => folders[index]!));

    expect(await dovecot.list("INBOX")).toEqual([]);
    expect(await messageIds("Processed")).toEqual(["<note-1@test.nhs.net>", "<note-3@test.nhs.net>"]);
    expect(await messageIds("Rejected")).toEqual(["<note-2@test.nhs.net>", "<note-5@test.nhs.net>"]);
    expect(await messageIds("Exceptions")).toEqual(["<note-4@test.nhs.net>"]);
    expect((await dovecot.list("Processed")).every((m) => m.flags.includes("\\Seen"))).toBe(true);
  });

  it("moves 500 messages in one batch", async () => {
    const raws = await Promise.all(Array.from({ length: 500 }, (_, n) => note(n, "y".repeat(2_000))));
    await dovecot.deliverAll(raws);
    const mailbox = await open();

    const listStart = performance.now();
    const entries = await mailbox.waiting();
    const listed = performance.now() - listStart;
    const filing = await decidedFiling(mailbox, entries, "processed");
    const fileStart = performance.now();
    await mailbox.file(filing);
    const filed = performance.now() - fileStart;
    console.log(
      `IMAP (Dovecot, IMAPS, loopback): listed 500 in ${listed.toFixed(0)} ms; ` +
        `filed 500 with one UID FETCH of their identifying fields, one UID MOVE (+ \\Seen) in ${filed.toFixed(0)} ms (${((500 / filed) * 1000).toFixed(0)} msg/s)`,
    );

    expect(await dovecot.list("INBOX")).toEqual([]);
    expect(await dovecot.list("Processed")).toHaveLength(500);
  });

  it("refuses to file with UidValidityChangedError when UIDVALIDITY changed since listing, moving nothing", async () => {
    await deliverNotes(2);
    const mailbox = await open();
    const entries = await mailbox.waiting();
    const listedUidValidity = await dovecot.uidValidity("INBOX");
    const decided = await decidedFiling(mailbox, entries, "processed");
    await dovecot.setUidValidity("INBOX", listedUidValidity + 1000n);

    const filing = mailbox.file(decided);

    await expect(filing).rejects.toBeInstanceOf(UidValidityChangedError);
    await expect(filing).rejects.toMatchObject({ listedUidValidity, currentUidValidity: listedUidValidity + 1000n });
    expect(await dovecot.list("INBOX")).toHaveLength(2);
    await expect(mailbox.read(entries[0]!)).rejects.toBeInstanceOf(UidValidityChangedError);
  });

  it("files again once the inbox is listed anew after a UIDVALIDITY change", async () => {
    await deliverNotes(2);
    const mailbox = await open();
    await mailbox.waiting();
    await dovecot.setUidValidity("INBOX", (await dovecot.uidValidity("INBOX")) + 7n);

    const relisted = await mailbox.waiting();
    await mailbox.file(await decidedFiling(mailbox, relisted, "rejected"));

    expect(await dovecot.list("Rejected")).toHaveLength(2);
  });

  it("files the rest of a batch, with a warning, when a person moved one message out meanwhile", async () => {
    await deliverNotes(3);
    const warnings: Record<string, unknown>[] = [];
    const mailbox = await open({ log: { warn: (_message, details) => warnings.push(details), info: () => undefined } });
    const entries = await mailbox.waiting();
    const filing = await decidedFiling(mailbox, entries, "processed");
    await dovecot.moveByHand("INBOX", (await dovecot.list("INBOX"))[1]!.uid, "Kept by support");

    const result = await mailbox.file(filing);

    expect(await messageIds("Processed")).toEqual(["<note-1@test.nhs.net>", "<note-3@test.nhs.net>"]);
    expect(result.notFiled).toEqual([entries[1]]);
    expect(warnings).toEqual([{ mailbox: "INBOX", keys: [entries[1]!.key] }]);
  });

  it("moves only messages whose UID still names the message decided, whatever UIDVALIDITY says", async () => {
    await deliverNotes(3);
    const mailbox = await open();
    const entries = await mailbox.waiting();
    const [first, second, third] = await decidedFiling(mailbox, entries, "processed");
    // Under an unchanged UIDVALIDITY, the first two UIDs now name each other's message.
    const swapped = [
      { ...first!, decidedMark: second!.decidedMark },
      { ...second!, decidedMark: first!.decidedMark },
      third!,
    ];

    const result = await mailbox.file(swapped);

    expect(result.notFiled).toEqual([entries[0], entries[1]]);
    expect(await messageIds("INBOX")).toEqual(["<note-1@test.nhs.net>", "<note-2@test.nhs.net>"]);
    expect(await messageIds("Processed")).toEqual(["<note-3@test.nhs.net>"]);
  });

  it("leaves in the inbox a message that could not be read when it was decided (no mark to confirm it by)", async () => {
    await deliverNotes(2);
    const mailbox = await open();
    const entries = await mailbox.waiting();
    const [first, second] = await decidedFiling(mailbox, entries, "exceptions");

    const result = await mailbox.file([{ ...first!, decidedMark: null }, second!]);

    expect(result.notFiled).toEqual([entries[0]]);
    expect(await messageIds("INBOX")).toEqual(["<note-1@test.nhs.net>"]);
    expect(await messageIds("Exceptions")).toEqual(["<note-2@test.nhs.net>"]);
  });

  it("refiles a filed message found by its Message-ID, and answers false once it is gone", async () => {
    await deliverNotes(1);
    const mailbox = await open();
    const [entry] = await mailbox.waiting();
    await mailbox.file(await decidedFiling(mailbox, [entry!], "exceptions"));

    const message = { messageId: "<note-1@test.nhs.net>", key: entry!.key };
    expect(await mailbox.refile(message, "exceptions", "processed")).toBe(true);
    expect(await dovecot.list("Exceptions")).toHaveLength(0);
    expect(await messageIds("Processed")).toEqual(["<note-1@test.nhs.net>"]);
    expect(await mailbox.refile(message, "exceptions", "processed")).toBe(false);
  });
});

describe("when the server goes away", () => {
  it("opens a new session after Dovecot restarted mid-session and goes on", async () => {
    const raws = await deliverNotes(2);
    const mailbox = await open();
    const entries = await mailbox.waiting();

    await dovecot.restart();

    expect((await mailbox.read(entries[1]!)).equals(raws[1]!)).toBe(true);
    await mailbox.file(await decidedFiling(mailbox, entries, "processed"));
    expect(await dovecot.list("Processed")).toHaveLength(2);
  });

  it("waits, backing off, for a server that is down and comes back", async () => {
    await deliverNotes(1);
    const mailbox = await open();
    await dovecot.halt();
    const comesBack = sleep(1_200).then(() => dovecot.start());

    const started = performance.now();
    const entries = await mailbox.waiting();
    const waited = performance.now() - started;
    await comesBack;
    console.log(`IMAP reconnect: server down for 1.2 s; waiting() answered after ${waited.toFixed(0)} ms`);

    expect(entries).toHaveLength(1);
    expect(waited).toBeGreaterThanOrEqual(1_000);
  });

  it("gives up with MailboxUnreachableError after the configured time, and recovers on a later call", async () => {
    const mailbox = await open({ reconnect: { firstDelayMs: 100, maxDelayMs: 400, giveUpAfterMs: 700 } });
    await dovecot.halt();
    try {
      await expect(mailbox.waiting()).rejects.toBeInstanceOf(MailboxUnreachableError);
    } finally {
      await dovecot.start();
    }
    expect(await mailbox.waiting()).toEqual([]);
  });
});
