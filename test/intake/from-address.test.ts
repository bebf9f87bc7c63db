// A From field that parsers read as different mailboxes proves nobody, through the whole
// pipeline: signed by nhs.net (DKIM passes) or vouched for by our trusted receiving server,
// the form from such a field is referred unverified, and only the support team hears of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDkimKey, prependAuthenticationResults, type DkimKey } from "../support/mail-builder.ts";
import type { MessageSummary } from "../../src/records/messages.ts";
import type { RequestSummary } from "../../src/records/requests.ts";
import { createWorkspace, type SentReply, type Workspace } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

const SUPPORT = "dataservicessupport@nhsbsa.nhs.uk";
const TRUSTED = "mx.nhsbsa.test";

// Each field names bob.authoriser@nhs.net to a lenient parser, while RFC 5322 (or a mail
// client) reads another mailbox, or the reading depends on how comments and quotes are taken.
const TWO_WAY_FROMS: readonly (readonly [string, string])[] = [
  ["a quoted word after a dotted atom", 'From: carol."bob.authoriser"@nhs.net'],
  ["a quoted word before the local part", 'From: Bob <"carol".bob.authoriser@nhs.net>'],
  ["an empty quoted string in the local part", 'From: bob.authoriser""@nhs.net'],
  ["a quoted local part", 'From: "bob.authoriser"@nhs.net'],
  ["a comment inside the local part", "From: bob.authoriser(carol)@nhs.net"],
  ["a comment before the domain", "From: bob.authoriser@(carol)nhs.net"],
  ["a comment after a bare address", "From: bob.authoriser@nhs.net (Bob)"],
  ["a comment inside the angle brackets", "From: Bob <bob.authoriser@nhs.net (carol)>"],
  ["a source route", "From: <@mx.evil.example:bob.authoriser@nhs.net>"],
  ["whitespace inside the angle brackets", "From: Bob < bob.authoriser@nhs.net>"],
  ["an unclosed angle address", "From: Bob <bob.authoriser@nhs.net"],
];

let nhs: DkimKey;
let ws: Workspace;
let messages: MessageSummary[];
let requests: RequestSummary[];
let outbox: SentReply[];

/** Vouched for by our trusted receiving server instead of signed. */
const vouchedFor = (raw: Buffer) => prependAuthenticationResults(raw, `${TRUSTED}; dkim=pass header.d=nhs.net; dmarc=pass header.from=nhs.net`);

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "fromaddr1");
  ws = await createWorkspace([nhs], { env: { INTAKE_TRUSTED_AUTHSERV_IDS: TRUSTED } });
  // The same mail with a plain From, both ways: the evidence itself is good.
  const plain = { from: null, rawHeaders: ["From: Dr Bob Authoriser <bob.authoriser@nhs.net>"] };
  const mails = await Promise.all([
    ...TWO_WAY_FROMS.flatMap(([, line], index) => {
      const mail = { from: null, rawHeaders: [line] };
      return [formMail({ signWith: nhs, messageId: `<dkim-${index}@nhs.net>`, mail }), formMail({ signWith: null, messageId: `<ar-${index}@nhs.net>`, mail }).then(vouchedFor)];
    }),
    formMail({ signWith: nhs, messageId: "<dkim-plain@nhs.net>", mail: plain }),
    formMail({ signWith: null, messageId: "<ar-plain@nhs.net>", mail: plain, values: { organisation_code: "A81002" } }).then(vouchedFor),
  ]);
  // Named in order, so the pass takes them in the order built.
  mails.forEach((raw, index) => ws.deliver(raw, `1.${String(index).padStart(3, "0")}.from-address`));
  await ws.runOnce();
  [messages, requests, outbox] = await Promise.all([ws.messages(), ws.requests(), ws.outbox()]);
}, 120_000);
afterAll(() => ws?.remove());

function outcomeOf(messageId: string) {
  const message = messages.find((m) => m.messageId === messageId);
  const replies = outbox.filter((r) => r.inReplyTo === messageId);
  return { outcome: message?.outcome, reasons: message?.reasons, from: message?.fromAddress, to: replies.map((r) => r.to).sort() };
}

describe("a From field read two ways", () => {
  it.each(TWO_WAY_FROMS.map(([label], index) => [label, index] as const))(
    "signed by nhs.net, proves no sender: %s",
    (_label, index) => {
      expect(outcomeOf(`<dkim-${index}@nhs.net>`)).toEqual({
        outcome: "flagged",
        reasons: ["SENDER_UNVERIFIED"],
        from: null,
        to: [SUPPORT],
      });
    },
  );

  it.each(TWO_WAY_FROMS.map(([label], index) => [label, index] as const))(
    "with our server's dmarc=pass, proves no sender: %s",
    (_label, index) => {
      expect(outcomeOf(`<ar-${index}@nhs.net>`)).toEqual({
        outcome: "flagged",
        reasons: ["SENDER_UNVERIFIED"],
        from: null,
        to: [SUPPORT],
      });
    },
  );

  it.each(["<dkim-plain@nhs.net>", "<ar-plain@nhs.net>"])("the same evidence for a plain From accepts the form: %s", (messageId) => {
    expect(outcomeOf(messageId)).toEqual({
      outcome: "accepted",
      reasons: [],
      from: "bob.authoriser@nhs.net",
      to: ["alice.applicant@nhs.net", "bob.authoriser@nhs.net"],
    });
  });

  it("opens no request for a two-way From, and writes about one to nobody but the support team", () => {
    expect(requests.map((request) => request.organisationCode).sort()).toEqual(["A81001", "A81002"]);
    const aboutTwoWay = outbox.filter((reply) => !reply.inReplyTo?.includes("-plain@"));
    expect(aboutTwoWay.length).toBe(TWO_WAY_FROMS.length * 2);
    expect(new Set(aboutTwoWay.map((reply) => reply.to))).toEqual(new Set([SUPPORT]));
  });
});
