// The SMTP outbox against a real smtp-server that hands mail to a real Dovecot over LMTP:
// what leaves is the mail as given, read back over IMAP; refusals and outages come back as
// DeliveryError, permanent only for a 5xx refusal of the mail itself.
import net from "node:net";
import { simpleParser } from "mailparser";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openImapMailbox } from "../../src/mailbox/imap-mailbox.ts";
import { DeliveryError, type OutgoingMail, type Outbox } from "../../src/outbox/outbox.ts";
import { SentFolderMissingError } from "../../src/mailbox/imap-errors.ts";
import { openImapSentFolder } from "../../src/mailbox/imap-sent-folder.ts";
import { openSmtpOutbox, type SmtpOutboxOptions } from "../../src/outbox/smtp-outbox.ts";
import { freePorts, startDovecot, type Dovecot } from "../support/dovecot.ts";
import { testImapServer } from "../support/imap-test-mailbox.ts";
import { startSmtpReceiver, type ReceivedMail, type SmtpReceiver } from "../support/smtp-receiver.ts";

let dovecot: Dovecot;
/** STARTTLS, hands every mail to Dovecot. */
let relay: SmtpReceiver;
/** Implicit TLS, only records. */
let direct: SmtpReceiver;
/** STARTTLS, files a copy of every mail it takes in Dovecot's "Sent Items", as Exchange Online does. */
let filing: SmtpReceiver;
const SENT = "Sent Items";
const opened: Outbox[] = [];

beforeAll(async () => {
  dovecot = await startDovecot();
  [relay, direct, filing] = await Promise.all([
    startSmtpReceiver({ deliverTo: dovecot }),
    startSmtpReceiver({ implicitTls: true }),
    startSmtpReceiver({ sentCopiesIn: { dovecot, folder: SENT } }),
  ]);
});

afterAll(async () => {
  await Promise.all([relay?.stop(), direct?.stop(), filing?.stop()]);
  await dovecot?.stop();
});

beforeEach(async () => {
  relay.refuse(null);
  direct.refuse(null);
  filing.refuse(null);
  await dovecot.reset();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((outbox) => outbox.close()));
});

function outboxTo(receiver: SmtpReceiver, overrides: Partial<SmtpOutboxOptions> = {}): Outbox {
  const outbox = openSmtpOutbox({
    host: receiver.host,
    port: receiver.port,
    security: receiver === direct ? "tls" : "starttls",
    auth: { kind: "password", user: receiver.user, password: receiver.password },
    tls: { rejectUnauthorized: true, ca: receiver.certificate },
    clientName: "intake.test",
    ...overrides,
  });
  opened.push(outbox);
  return outbox;
}

let counter = 0;

function reply(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  counter++;
  return {
    messageId: `<reply-${counter}.EP2-000123@intake.nhsbsa.example>`,
    from: { name: "ePACT2 Registration", address: "dataservicessupport@nhsbsa.example" },
    to: dovecot.user,
    subject: "Re: ePACT2 registration form EPACT2-GP",
    text: "Your registration request EP2-000123 has been received.",
    html: "<p>Your registration request <b>EP2-000123</b> has been received.</p>",
    inReplyTo: "<form-1@test.nhs.net>",
    references: ["<thread-0@test.nhs.net>", "<form-1@test.nhs.net>"],
    ...overrides,
  };
}

const messageIdsOf = (mails: readonly ReceivedMail[]): string[] =>
  mails.map((mail) => /^Message-ID: (.*)$/im.exec(mail.raw.toString("latin1"))?.[1]?.trim() ?? "");
const messageIdsAt = (receiver: SmtpReceiver): string[] => messageIdsOf(receiver.received);

describe("sending", () => {
  it("delivers the mail as given: read back over IMAP with its Message-ID, threading and automatic-mail headers", async () => {
    const mail = reply();
    await outboxTo(relay).send(mail);

    const mailbox = await openImapMailbox(testImapServer(dovecot));
    try {
      const [entry] = await mailbox.waiting();
      const parsed = await simpleParser(await mailbox.read(entry!));

      expect(parsed.messageId).toBe(mail.messageId);
      expect(parsed.inReplyTo).toBe(mail.inReplyTo);
      expect(parsed.references).toEqual(mail.references);
      expect(parsed.headers.get("auto-submitted")).toBe("auto-replied");
      expect(parsed.headers.get("x-auto-response-suppress")).toBe("All");
      expect(parsed.from?.value).toEqual([{ name: mail.from.name, address: mail.from.address }]);
      expect(parsed.subject).toBe(mail.subject);
      expect(parsed.text?.trim()).toBe(mail.text);
      expect(relay.received[0]?.login).toEqual({ method: "PLAIN", user: relay.user });
    } finally {
      await mailbox.close();
    }
  });

  it("sends over implicit TLS", async () => {
    const mail = reply();
    await outboxTo(direct).send(mail);

    expect(messageIdsAt(direct)).toContain(mail.messageId);
  });

  it("logs in with an OAuth2 token from the token source", async () => {
    direct.acceptTokens("token-for-today");
    const outbox = outboxTo(direct, { auth: { kind: "oauth2", user: direct.user, token: () => Promise.resolve("token-for-today") } });
    const mail = reply();

    await outbox.send(mail);

    expect(direct.logins.at(-1)).toMatchObject({ method: "XOAUTH2", accessToken: "token-for-today", accepted: true });
    expect(messageIdsAt(direct)).toContain(mail.messageId);
  });

  it("asks the token source again when the server refuses a token, and sends with the new one", async () => {
    direct.acceptTokens("renewed-token");
    const issued = ["expired-token", "renewed-token"];
    const outbox = outboxTo(direct, { auth: { kind: "oauth2", user: direct.user, token: () => Promise.resolve(issued.shift() ?? "none left") } });
    const mail = reply();

    await outbox.send(mail);

    expect(direct.logins.slice(-2).map((login) => [login.accessToken, login.accepted])).toEqual([
      ["expired-token", false],
      ["renewed-token", true],
    ]);
    expect(messageIdsAt(direct)).toContain(mail.messageId);
  });

  it("sends 200 replies over the pool", async () => {
    const outbox = outboxTo(direct, { maxConnections: 2 });
    const mails = Array.from({ length: 200 }, () => reply({ text: "z".repeat(5_000) }));
    const before = direct.received.length;

    const started = performance.now();
    await Promise.all(mails.map((mail) => outbox.send(mail)));
    const elapsed = performance.now() - started;
    console.log(`SMTP (smtp-server, implicit TLS, pool of 2): 200 replies in ${elapsed.toFixed(0)} ms (${((200 / elapsed) * 1000).toFixed(0)} msg/s)`);

    expect(direct.received.length - before).toBe(200);
  });
});

describe("failures", () => {
  it("reports a 4xx refusal as a temporary DeliveryError", async () => {
    relay.refuse("temporary", "rcpt");

    const mail = reply();
    const refused = outboxTo(relay).send(mail);

    await expect(refused).rejects.toBeInstanceOf(DeliveryError);
    await expect(refused).rejects.toMatchObject({
      permanent: false,
      responseCode: 451,
      code: "EENVELOPE",
      messageId: mail.messageId,
      recipient: mail.to,
    });
  });

  it("sends the same mail, same Message-ID, when tried again after a temporary refusal", async () => {
    const outbox = outboxTo(relay);
    const mail = reply();
    relay.refuse("temporary", "data");
    await expect(outbox.send(mail)).rejects.toMatchObject({ permanent: false, responseCode: 451, code: "EMESSAGE" });

    relay.refuse(null);
    await outbox.send(mail);

    expect(messageIdsOf(relay.refused.slice(-1))).toEqual([mail.messageId]);
    expect(messageIdsOf(relay.received).filter((id) => id === mail.messageId)).toHaveLength(1);
    expect((await dovecot.list("INBOX")).map((m) => m.messageId)).toEqual([mail.messageId]);
  });

  it("reports a 5xx refusal of the recipient as a permanent DeliveryError", async () => {
    relay.refuse("permanent", "rcpt");

    await expect(outboxTo(relay).send(reply())).rejects.toMatchObject({ permanent: true, responseCode: 550, code: "EENVELOPE" });
  });

  it("reports a 5xx refusal after DATA as a permanent DeliveryError, and sends the next mail once accepted", async () => {
    const outbox = outboxTo(relay);
    relay.refuse("permanent", "data");

    await expect(outbox.send(reply())).rejects.toMatchObject({ permanent: true, responseCode: 550, code: "EMESSAGE" });

    relay.refuse(null);
    const next = reply();
    await outbox.send(next);
    expect(messageIdsAt(relay).at(-1)).toBe(next.messageId);
  });

  it("reports a refused login as temporary: a setting to fix, after which the mail goes through", async () => {
    const outbox = outboxTo(relay, { auth: { kind: "password", user: relay.user, password: "wrong" } });

    await expect(outbox.send(reply())).rejects.toMatchObject({ permanent: false, responseCode: 535, code: "EAUTH", mayHaveLeft: false });
  });

  it("reports a server that does not answer as temporary", async () => {
    const [closedPort] = await freePorts(1);
    const outbox = outboxTo(relay, { port: closedPort });

    // Without an answer the mail may have left: its fate is looked up before it is tried again.
    await expect(outbox.send(reply())).rejects.toMatchObject({ permanent: false, responseCode: null, mayHaveLeft: true });
  });

  it("reports a server that never greets as temporary, after the greeting timeout", async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const outbox = outboxTo(relay, { port, timeouts: { greetingMs: 300 } });

      await expect(outbox.send(reply())).rejects.toMatchObject({ permanent: false, code: "ETIMEDOUT" });
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe("what became of a mail after an attempt was cut short", () => {
  const sentFolder = (folder = SENT) => openImapSentFolder(testImapServer(dovecot), folder);

  it("a mail the server took is found in the account's Sent folder; one it never took is not", async () => {
    const outbox = outboxTo(filing, { sentFolder: sentFolder() });
    const taken = reply();
    const never = reply();
    await outbox.send(taken);

    expect(await outbox.lookUp(taken.messageId)).toBe("sent");
    expect(await outbox.lookUp(never.messageId)).toBe("not-sent");
    // A copy filed after the last lookup is seen by the next one on the same session.
    await outbox.send(never);
    expect(await outbox.lookUp(never.messageId)).toBe("sent");
  });

  it("a mail the server refused is not in the Sent folder", async () => {
    const outbox = outboxTo(filing, { sentFolder: sentFolder() });
    await outbox.send(reply()); // the folder exists from here on
    const refused = reply();
    filing.refuse("temporary", "data");

    await expect(outbox.send(refused)).rejects.toMatchObject({ permanent: false, mayHaveLeft: false });
    expect(await outbox.lookUp(refused.messageId)).toBe("not-sent");
  });

  it("without a Sent folder the outbox cannot tell", async () => {
    const outbox = outboxTo(filing);
    const mail = reply();
    await outbox.send(mail);

    expect(await outbox.lookUp(mail.messageId)).toBe("unknown");
  });

  it("a Sent folder that does not exist is an error naming the setting, not a mail that never left", async () => {
    const outbox = outboxTo(filing, { sentFolder: sentFolder("Sent Mail") });

    const lookup = outbox.lookUp(reply().messageId);
    await expect(lookup).rejects.toBeInstanceOf(SentFolderMissingError);
    await expect(lookup).rejects.toThrow(/INTAKE_SENT_FOLDER/);
  });
});
