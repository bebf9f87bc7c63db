// The daily cap counts and holds back only answers to the sender of a message; status
// notifications and mail to the support team are never held back.
import { describe, expect, it } from "vitest";
import { applyReplyCap } from "../../src/replies/reply-cap.ts";
import type { ComposedReply, ReplyKind } from "../../src/replies/reply.ts";

const reply = (kind: ReplyKind, recipient: string): ComposedReply => ({
  kind,
  recipient,
  messageId: `<${kind}.${recipient}@test>`,
  subject: "s",
  text: "t",
  html: "h",
  inReplyTo: "<m@test>",
  references: ["<m@test>"],
});

describe("the daily cap on answers", () => {
  it("lets answers through up to the cap, counting those already sent today", () => {
    const capped = applyReplyCap([reply("rejection", "a@nhs.net"), reply("referred", "a@nhs.net")], new Map([["a@nhs.net", 2]]), 3);
    expect(capped.send.map((r) => r.kind)).toEqual(["rejection"]);
    expect(capped.suppressed.map((r) => r.kind)).toEqual(["referred"]);
  });

  it("never holds back a status notification or an authoriser's confirmation, whatever the count", () => {
    const replies = [reply("authoriser-confirmation", "a@nhs.net"), reply("applicant-authorised", "b@nhs.net"), reply("applicant-self-authorisation", "b@nhs.net")];
    const capped = applyReplyCap(replies, new Map([["a@nhs.net", 99], ["b@nhs.net", 99]]), 3);
    expect(capped.send).toEqual(replies);
    expect(capped.suppressed).toEqual([]);
  });

  it("never holds back mail to the support team", () => {
    const capped = applyReplyCap([reply("support-notice", "support@nhs.net")], new Map([["support@nhs.net", 99]]), 1);
    expect(capped.suppressed).toEqual([]);
  });

  it("counts per address", () => {
    const capped = applyReplyCap([reply("duplicate", "a@nhs.net"), reply("duplicate", "b@nhs.net")], new Map([["a@nhs.net", 1]]), 1);
    expect(capped.send.map((r) => r.recipient)).toEqual(["b@nhs.net"]);
  });
});
