import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFromHeader } from "../../src/sender/from-header.ts";
import { prependAuthenticationResults, signMail } from "../support/mail-builder.ts";
import { mailFrom, senderFixtures, TRUSTED_AUTHSERV_ID, type SenderFixtures } from "./sender-fixtures.ts";

let fx: SenderFixtures;
beforeAll(async () => {
  fx = await senderFixtures();
});
afterAll(() => fx.remove());

/** A message whose only From field is exactly this line. */
const rawFrom = (line: string): Promise<Buffer> => mailFrom({ from: null, rawHeaders: [line] });

describe("the From address", () => {
  it("is the one mailbox of the one From header, lower-cased", async () => {
    expect(readFromHeader(await mailFrom({ from: "Bob <Bob.Authoriser@NHS.NET>" }))).toEqual({
      from: { address: "bob.authoriser@nhs.net", domain: "nhs.net" },
      fromProblem: null,
    });
  });

  it("comes from the address, not a display name that looks like an address", async () => {
    const { from } = readFromHeader(await mailFrom({ from: '"bob@nhs.net" <evil@example.org>' }));
    expect(from?.address).toBe("evil@example.org");
  });

  it("comes from the address, not an unquoted display name that looks like an address", async () => {
    const { from } = readFromHeader(await rawFrom("From: bob@nhs.net <evil@example.org>"));
    expect(from?.address).toBe("evil@example.org");
  });

  it("reads a From header folded over two lines", async () => {
    const { from } = readFromHeader(await rawFrom("From: Bob Authoriser\r\n <bob.authoriser@nhs.net>"));
    expect(from?.address).toBe("bob.authoriser@nhs.net");
  });

  it("is missing when there is no From header", async () => {
    expect(readFromHeader(await mailFrom({ from: null }))).toEqual({ from: null, fromProblem: "missing" });
  });

  it("is missing when From appears only in the body", async () => {
    const raw = await mailFrom({ from: null, text: "From: bob.authoriser@nhs.net\r\n" });
    expect(readFromHeader(raw).fromProblem).toBe("missing");
  });

  it("is missing when the From header is empty", async () => {
    expect(readFromHeader(await rawFrom("From: ")).fromProblem).toBe("missing");
  });

  it("is multiple when there are two From headers", async () => {
    const raw = await mailFrom({ secondFrom: "evil@example.org" });
    expect(readFromHeader(raw)).toEqual({ from: null, fromProblem: "multiple" });
  });

  it("is multiple when a second From hides behind whitespace before the colon", async () => {
    const raw = await mailFrom({ rawHeaders: ["From : evil@example.org"] });
    expect(readFromHeader(raw).fromProblem).toBe("multiple");
  });

  it.each([
    ["two mailboxes", "From: bob.authoriser@nhs.net, carol@nhs.net"],
    ["mailboxes separated by a semicolon", "From: bob.authoriser@nhs.net; evil@example.org"],
    ["a group of one", "From: Authorisers: bob.authoriser@nhs.net;"],
    ["an empty group", "From: undisclosed-recipients:;"],
    ["two angle addresses", "From: <bob.authoriser@nhs.net> <evil@example.org>"],
  ])("is multiple for %s", async (_label, line) => {
    expect(readFromHeader(await rawFrom(line)).fromProblem).toBe("multiple");
  });

  it.each([
    ["two bare addresses", "From: bob.authoriser@nhs.net evil@example.org"],
    ["text after the angle address", "From: Bob <bob.authoriser@nhs.net> evil@example.org"],
    ["an unclosed angle address", "From: Bob <bob.authoriser@nhs.net"],
    ["an unclosed quote", 'From: "Bob <bob.authoriser@nhs.net>'],
    ["no address at all", "From: Bob Authoriser"],
    ["an encoded word instead of an address", "From: =?utf-8?Q?bob=40nhs.net?="],
    ["an address literal", "From: bob@[192.0.2.1]"],
    ["a fullwidth look-alike domain", "From: bob@ｎｈｓ.ｎｅｔ"],
  ])("is malformed for %s", async (_label, line) => {
    expect(readFromHeader(await rawFrom(line))).toEqual({ from: null, fromProblem: "malformed" });
  });

  it("keeps a Cyrillic look-alike domain as the different domain it is", async () => {
    const { from } = readFromHeader(await rawFrom("From: bob@nhs.nеt"));
    expect(from).toEqual({ address: "bob@nhs.xn--nt-nlc", domain: "nhs.xn--nt-nlc" });
  });

  it("ignores comments around the address", async () => {
    const { from } = readFromHeader(await rawFrom("From: (evil@example.org) bob.authoriser@nhs.net (Bob)"));
    expect(from?.address).toBe("bob.authoriser@nhs.net");
  });

  it("is never taken from Reply-To or Sender, even when nhs.net signed the message", async () => {
    const raw = await mailFrom({
      from: "evil@example.org",
      replyTo: "bob.authoriser@nhs.net",
      sender: "bob.authoriser@nhs.net",
    });
    const evidence = await fx.authenticate(await signMail(raw, fx.nhs));
    expect(evidence.from?.address).toBe("evil@example.org");
    expect(evidence.verification).toBeNull();
  });

  it("with two From headers, leaves the sender unverified despite nhs.net's signature and DMARC pass", async () => {
    const signed = await signMail(await mailFrom({ secondFrom: "bob.authoriser@nhs.net" }), fx.nhs);
    const raw = prependAuthenticationResults(signed, `${TRUSTED_AUTHSERV_ID}; dmarc=pass header.from=nhs.net`);
    const evidence = await fx.authenticate(raw);
    expect(evidence).toEqual({
      from: null,
      fromProblem: "multiple",
      verification: null,
      detail: "more than one From header or mailbox",
    });
  });
});
