import { describe, expect, it } from "vitest";
import { cleanMessageId, identify, readIncomingMessage, recordedSubject } from "../../src/message/incoming-message.ts";
import { buildMail } from "../support/mail-builder.ts";

describe("Message-IDs", () => {
  it.each([
    ["an ordinary id", "<CAB1234.5678@mail.example.org>"],
    ["an Exchange id", "<AM0PR01MB1234ABCD5678@AM0PR01MB1234.eurprd01.prod.exchangelabs.com>"],
    ["printable punctuation", "<a!#$%&'*+/=?^_`{|}~-.\"x\"@[192.0.2.1]>"],
  ])("keeps %s", (_label, id) => {
    expect(cleanMessageId(id)).toBe(id);
  });

  it("adds the angle brackets a parser took off", () => {
    expect(cleanMessageId(" abc@example.org ")).toBe("<abc@example.org>");
  });

  it.each([
    ["ESC", "<\u001b]0;pwned\u0007@evil.example>"],
    ["a C0 control", "<a\u0000b@evil.example>"],
    ["DEL", "<a\u007f@evil.example>"],
    ["a C1 control", "<\u009b31m@evil.example>"],
    ["an 8-bit character", "<caf\u00e9@evil.example>"],
    ["a right-to-left override", "<\u202egpj.exe@evil.example>"],
    ["a space", "<a b@evil.example>"],
    ["a tab", "<a\tb@evil.example>"],
    ["no @", "<abc>"],
    ["two @", "<a@b@evil.example>"],
    ["an empty left side", "<@evil.example>"],
    ["a left side of over 200 characters", `<${"a".repeat(201)}@evil.example>`],
  ])("refuses one holding %s", (_label, id) => {
    expect(cleanMessageId(id)).toBeNull();
  });
});

describe("a message read for the records", () => {
  async function read(rawHeaders: string[], subject = "Registration form"): Promise<Awaited<ReturnType<typeof readIncomingMessage>>> {
    const raw = await buildMail({ from: "bob.authoriser@nhs.net", to: "x@nhsbsa.nhs.uk", subject, text: "hi", messageId: null, rawHeaders });
    return readIncomingMessage(raw, { keep: () => true, maxAttachmentBytes: 1024 * 1024 });
  }

  it("gets the synthesised id when its Message-ID holds an escape sequence", async () => {
    const raw = await buildMail({ from: "bob.authoriser@nhs.net", to: "x@nhsbsa.nhs.uk", subject: "s", text: "hi", messageId: null, rawHeaders: ["Message-ID: <\u001b[2J@evil.example>"] });
    const identity = identify(raw);
    expect(identity.messageId).toMatch(/^<[0-9a-f]{64}@intake\.invalid>$/);
    expect(identity.messageId).toBe(`<${identity.contentHash}@intake.invalid>`);
  });

  it("keeps only the well-formed ids of In-Reply-To and References", async () => {
    const message = await read([
      "In-Reply-To: <\u001b]0;x\u0007@evil.example>",
      "References: <one@example.org> <\u009b1m@evil.example> <two@example.org>",
    ]);
    expect(message.inReplyTo).toBeNull();
    expect(message.references).toEqual(["<one@example.org>", "<two@example.org>"]);
  });

  it("keeps the subject without control characters, encoded or raw", async () => {
    const message = await read([], "Form \u001b]0;pwned\u0007 \u001b[2J \u009b31m \u202eexe.pdf");
    expect(message.subject).toBe("Form ]0;pwned [2J 31m exe.pdf");
  });

  it("keeps an ordinary subject in any script as it is", () => {
    expect(recordedSubject("Re: ePACT2 – formulaire signé, 日本語 😀")).toBe("Re: ePACT2 – formulaire signé, 日本語 😀");
    expect(recordedSubject("one\r\n\ttwo")).toBe("one two");
  });
});
