import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFromHeader, readFromValue } from "../../src/message/from-header.ts";
import { prependAuthenticationResults, signMail } from "../support/mail-builder.ts";
import { mailFrom, senderFixtures, TRUSTED_AUTHSERV_ID, type SenderFixtures } from "../sender/sender-fixtures.ts";

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

  it("is malformed when an unquoted display name looks like an address", async () => {
    expect(readFromHeader(await rawFrom("From: bob@nhs.net <evil@example.org>"))).toEqual({ from: null, fromProblem: "malformed" });
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

  it("is malformed with comments around the address, which parsers take apart differently", async () => {
    const header = readFromHeader(await rawFrom("From: (evil@example.org) bob.authoriser@nhs.net (Bob)"));
    expect(header).toEqual({ from: null, fromProblem: "malformed" });
  });

  it("is malformed when folding puts whitespace inside the address", async () => {
    const header = readFromHeader(await rawFrom("From: Bob <bob.authoriser\r\n @nhs.net>"));
    expect(header).toEqual({ from: null, fromProblem: "malformed" });
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

// The strict reading itself, on unfolded field values: one plain addr-spec, bare or in
// angle brackets after a display name, and nothing that parsers could read two ways.
describe("the From field, read strictly", () => {
  const BOB = { address: "bob.authoriser@nhs.net", domain: "nhs.net" };

  it.each([
    ["a bare address", "bob.authoriser@nhs.net", BOB],
    ["a bare address in capitals", "Bob.Authoriser@NHS.NET", BOB],
    ["a display name of atoms", "Bob Authoriser <bob.authoriser@nhs.net>", BOB],
    ["an angle address without a display name", "<bob.authoriser@nhs.net>", BOB],
    ["no space before the angle address", "Bob<bob.authoriser@nhs.net>", BOB],
    ["a quoted display name with commas, parentheses and brackets", '"Authoriser, Bob (GP) <x@y.z>" <bob.authoriser@nhs.net>', BOB],
    ["escaped quotes in a quoted display name", '"Bob \\"GP\\" Authoriser" <bob.authoriser@nhs.net>', BOB],
    ["an encoded-word display name (Q)", "=?UTF-8?Q?Bob_Authoris=C3=A9r?= <bob.authoriser@nhs.net>", BOB],
    ["an encoded-word display name (B)", "=?utf-8?B?Qm9iLCBBdXRob3Jpc2Vy?= <bob.authoriser@nhs.net>", BOB],
    ["a title with a full stop", "Dr. Bob Authoriser <bob.authoriser@nhs.net>", BOB],
    ["a display name in UTF-8", "Zoë Authoriser <bob.authoriser@nhs.net>", BOB],
    ["plus-addressing", "bob.authoriser+epact2@nhs.net", { address: "bob.authoriser+epact2@nhs.net", domain: "nhs.net" }],
    ["several dots", "Bob <bob.a.authoriser@nhs.net>", { address: "bob.a.authoriser@nhs.net", domain: "nhs.net" }],
    ["every atext special", "a!#$%&'*+/?=^_`{|}~-z@nhs.net", { address: "a!#$%&'*+/?=^_`{|}~-z@nhs.net", domain: "nhs.net" }],
  ])("accepts %s", (_label, value, from) => {
    expect(readFromValue(value)).toEqual({ from, fromProblem: null });
  });

  it.each([
    ["a quoted local part", '"bob.authoriser"@nhs.net'],
    ["a quoted local part in angle brackets", 'Bob <"bob.authoriser"@nhs.net>'],
    ["a quoted word after a dotted atom", 'carol."bob.authoriser"@nhs.net'],
    ["a quoted word before the local part", '"carol".bob.authoriser@nhs.net'],
    ["an empty quoted string in the local part", 'bob.authoriser""@nhs.net'],
    ["a quoted @ in the local part", '"bob.authoriser@nhs.net"@example.org'],
    ["an escaped @ in the local part", "bob.authoriser\\@example.org@nhs.net"],
    ["a comment inside the local part", "bob.authoriser(carol)@nhs.net"],
    ["a comment before the domain", "bob.authoriser@(carol)nhs.net"],
    ["a comment after a bare address", "bob.authoriser@nhs.net (Bob)"],
    ["a comment before a bare address", "(Bob) bob.authoriser@nhs.net"],
    ["a comment inside the angle brackets", "Bob <bob.authoriser@nhs.net (carol)>"],
    ["a comment in the display name", "Bob (GP) <bob.authoriser@nhs.net>"],
    ["a comment after the angle address", "Bob <bob.authoriser@nhs.net> (carol)"],
    ["a source route", "<@mx.evil.example:bob.authoriser@nhs.net>"],
    ["a source route of two hops", "<@a.example,@b.example:bob.authoriser@nhs.net>"],
    ["whitespace after the opening bracket", "Bob < bob.authoriser@nhs.net>"],
    ["whitespace before the closing bracket", "Bob <bob.authoriser@nhs.net >"],
    ["whitespace before the @", "bob.authoriser @nhs.net"],
    ["whitespace after the @", "Bob <bob.authoriser@ nhs.net>"],
    ["whitespace around a dot", "bob . authoriser@nhs.net"],
    ["a non-ASCII local part", "bób.authoriser@nhs.net"],
    ["a fullwidth local part", "ｂｏｂ@nhs.net"],
    ["a no-break space in the local part", "bob\u00a0authoriser@nhs.net"],
    ["a zero-width space in the local part", "bob\u200bauthoriser@nhs.net"],
    ["an encoded word as the local part", "=?utf-8?q?bob.authoriser?=@nhs.net"],
    ["an encoded word instead of an address", "=?utf-8?Q?bob.authoriser=40nhs.net?="],
    ["a leading dot", ".bob@nhs.net"],
    ["a trailing dot in the local part", "bob.@nhs.net"],
    ["two dots in a row", "bob..authoriser@nhs.net"],
    ["two @", "bob.authoriser@evil.example@nhs.net"],
    ["an address literal", "Bob <bob@[192.0.2.1]>"],
    ["an unquoted @ in the display name", "bob.authoriser@nhs.net <evil@example.org>"],
    ["an unquoted < in a bare address", "bob.authoriser@nhs.net>"],
    ["text after the angle address", "Bob <bob.authoriser@nhs.net> x"],
    ["a second closing bracket", "Bob <bob.authoriser@nhs.net>>"],
    ["an unclosed quote", '"Bob <bob.authoriser@nhs.net>'],
    ["a bidi override in the display name", '"Bob \u202e" <bob.authoriser@nhs.net>'],
    ["a control character in the display name", "Bob\u0007 <bob.authoriser@nhs.net>"],
    ["empty angle brackets", "Bob <>"],
    ["a comma inside the angle brackets", "<bob.authoriser@nhs.net,carol@nhs.net>"],
  ])("refuses %s as malformed", (_label, value) => {
    expect(readFromValue(value)).toEqual({ from: null, fromProblem: "malformed" });
  });

  it.each([
    ["two mailboxes", "bob.authoriser@nhs.net, carol@nhs.net"],
    ["a group", "Authorisers: bob.authoriser@nhs.net;"],
    ["a group around an angle address", "Authorisers: Bob <bob.authoriser@nhs.net>;"],
    ["two angle addresses", "<bob.authoriser@nhs.net> <carol@nhs.net>"],
  ])("refuses %s as multiple", (_label, value) => {
    expect(readFromValue(value)).toEqual({ from: null, fromProblem: "multiple" });
  });
});
