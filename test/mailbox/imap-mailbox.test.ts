// The IMAP mailbox against a real Dovecot on loopback: listing, reading, filing by UID in
// one batch, UIDVALIDITY changes, and a server that goes away and comes back.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  MailboxAuthenticationError,
  MailboxCertificateError,
  MailboxUnreachableError,
  UidValidityChangedError,
} from "../../src/mailbox/imap-errors.ts";
import { openImapMailbox, type ImapMailboxOptions } from "../../src/mailbox/imap-mailbox.ts";
import type { Mailbox } from "../../src/mailbox/mailbox.ts";
import { formMail } from "../intake/form-mail.ts";
import { startDovecot, type Dovecot } from "../support/dovecot.ts";
import { buildMail } from "../support/mail-builder.ts";

let dovecot: Dovecot;
const opened: Mailbox[] = [];

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
  await Promise.all(opened.splice(0).map((mailbox) => mailbox.close()));
});

async function open(overrides: Partial<ImapMailboxOptions> = {}): Promise<Mailbox> {
  const mailbox = await openImapMailbox({
    host: dovecot.host,
    port: dovecot.imapsPort,
    security: "tls",
    user: dovecot.user,
    auth: { kind: "password", password: dovecot.password },
    tls: { rejectUnauthorized: true, ca: dovecot.certificate },
    reconnect: { firstDelayMs: 100, maxDelayMs: 1_000, giveUpAfterMs: 10_000 },
    ...overrides,
  });
  opened.push(mailbox);
  return mailbox;
}

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

  it("creates the outcome folders that are missing", async () => {
    await open({ folders: { exceptions: "Intake Exceptions" } });
    expect(await dovecot.folders()).toEqual(["INBOX", "Intake Exceptions", "Processed", "Rejected"]);
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

    await mailbox.file([
      { entry: a!, folder: "processed" },
      { entry: b!, folder: "rejected" },
      { entry: c!, folder: "processed" },
      { entry: d!, folder: "exceptions" },
      { entry: e!, folder: "rejected" },
    ]);

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
    const fileStart = performance.now();
    await mailbox.file(entries.map((entry) => ({ entry, folder: "processed" as const })));
    const filed = performance.now() - fileStart;
    console.log(
      `IMAP (Dovecot, IMAPS, loopback): listed 500 in ${listed.toFixed(0)} ms; ` +
        `filed 500 with one UID MOVE (+ \\Seen) in ${filed.toFixed(0)} ms (${((500 / filed) * 1000).toFixed(0)} msg/s)`,
    );

    expect(await dovecot.list("INBOX")).toEqual([]);
    expect(await dovecot.list("Processed")).toHaveLength(500);
  });

  it("refuses to file with UidValidityChangedError when UIDVALIDITY changed since listing, moving nothing", async () => {
    await deliverNotes(2);
    const mailbox = await open();
    const entries = await mailbox.waiting();
    const listedUidValidity = await dovecot.uidValidity("INBOX");
    await dovecot.setUidValidity("INBOX", listedUidValidity + 1000n);

    const filing = mailbox.file(entries.map((entry) => ({ entry, folder: "processed" as const })));

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
    await mailbox.file(relisted.map((entry) => ({ entry, folder: "rejected" as const })));

    expect(await dovecot.list("Rejected")).toHaveLength(2);
  });

  it("answers false to refile: an IMAP key no longer names the message once it has been moved", async () => {
    await deliverNotes(1);
    const mailbox = await open();
    const [entry] = await mailbox.waiting();
    await mailbox.file([{ entry: entry!, folder: "exceptions" }]);

    expect(await mailbox.refile(entry!.key, "exceptions", "processed")).toBe(false);
    expect(await dovecot.list("Exceptions")).toHaveLength(1);
  });
});

describe("when the server goes away", () => {
  it("opens a new session after Dovecot restarted mid-session and goes on", async () => {
    const raws = await deliverNotes(2);
    const mailbox = await open();
    const entries = await mailbox.waiting();

    await dovecot.restart();

    expect((await mailbox.read(entries[1]!)).equals(raws[1]!)).toBe(true);
    await mailbox.file(entries.map((entry) => ({ entry, folder: "processed" as const })));
    expect(await dovecot.list("Processed")).toHaveLength(2);
  });

  it("waits, backing off, for a server that is down and comes back", async () => {
    await deliverNotes(1);
    const mailbox = await open();
    await dovecot.halt();
    const comesBack = new Promise<void>((resolve, reject) => {
      setTimeout(() => dovecot.start().then(resolve, reject), 1_200);
    });

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
