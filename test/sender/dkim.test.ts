import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlignedSigningDomain, verifyDkim } from "../../src/sender/dkim.ts";
import { resolverFor } from "../../src/sender/dns-overrides.ts";
import { signMail, type DkimKey } from "../support/mail-builder.ts";
import { mailFrom, senderFixtures, type SenderFixtures } from "./sender-fixtures.ts";

let fx: SenderFixtures;
beforeAll(async () => {
  fx = await senderFixtures();
});
afterAll(() => fx.remove());

const BOB = { address: "bob.authoriser@nhs.net", domain: "nhs.net" };

function replaceOnce(raw: Buffer, from: string, to: string): Buffer {
  const text = raw.toString("latin1");
  const index = text.lastIndexOf(from);
  expect(index).toBeGreaterThan(0);
  return Buffer.from(text.slice(0, index) + to + text.slice(index + from.length), "latin1");
}

describe("DKIM evidence", () => {
  it("verifies x@nhs.net by a signature made with nhs.net's published key", async () => {
    const evidence = await fx.authenticate(await signMail(await mailFrom(), fx.nhs));
    expect(evidence.from).toEqual({ address: "bob.authoriser@nhs.net", domain: "nhs.net" });
    expect(evidence.verification).toEqual({ method: "dkim", signingDomain: "nhs.net" });
    expect(evidence.detail).toBe("dkim pass d=nhs.net aligned with From nhs.net");
  });

  it("verifies a message with attachments and html, signed relaxed/relaxed", async () => {
    const raw = await mailFrom({
      html: "<p>Form attached</p>",
      attachments: [{ filename: "form.pdf", content: new Uint8Array([37, 80, 68, 70, 45]), contentType: "application/pdf" }],
    });
    expect((await fx.authenticate(await signMail(raw, fx.nhs))).verification?.method).toBe("dkim");
  });

  it("leaves an unsigned message unverified", async () => {
    const evidence = await fx.authenticate(await mailFrom());
    expect(evidence.verification).toBeNull();
    expect(evidence.detail).toContain("dkim none: message not signed");
  });

  it("does not accept another domain's valid signature for an nhs.net From", async () => {
    const evidence = await fx.authenticate(await signMail(await mailFrom(), fx.example));
    expect(evidence.verification).toBeNull();
    expect(evidence.detail).toContain("d=example.org pass but not aligned with From nhs.net");
  });

  it("leaves a message whose body was changed after signing unverified", async () => {
    const signed = await signMail(await mailFrom({ text: "Authorised for read-only access.\r\n" }), fx.nhs);
    const tampered = replaceOnce(signed, "read-only", "full admin");
    const evidence = await fx.authenticate(tampered);
    expect(evidence.verification).toBeNull();
    expect(evidence.detail).toContain("d=nhs.net neutral (body hash did not verify)");
  });

  it("leaves a message whose signed Subject was changed unverified", async () => {
    const signed = await signMail(await mailFrom({ subject: "Form for Alice" }), fx.nhs);
    const evidence = await fx.authenticate(replaceOnce(signed, "Form for Alice", "Form for Mallory"));
    expect(evidence.verification).toBeNull();
    expect(evidence.detail).toContain("d=nhs.net fail (bad signature)");
  });

  it("leaves unverified, quickly and without DNS, a signature whose key is not in the override file", async () => {
    const started = performance.now();
    const evidence = await fx.authenticate(await signMail(await mailFrom(), fx.unpublished));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(evidence.verification).toBeNull();
    expect(evidence.detail).toContain("d=nhs.net neutral (no key)");
  });

  it("does not count a signature when the key says the domain is only testing DKIM (t=y)", async () => {
    const testingKey: DkimKey = { ...fx.nhs, dnsTxt: fx.nhs.dnsTxt.replace("k=rsa;", "k=rsa; t=y;") };
    const resolver = resolverFor(new Map([[fx.nhs.dnsName, { TXT: [[testingKey.dnsTxt]] }]]));
    const finding = await verifyDkim(await signMail(await mailFrom(), fx.nhs), BOB, resolver);
    expect(finding).toEqual({ signingDomain: null, detail: "dkim: d=nhs.net pass but key is in testing mode", fromReadAlike: true });
  });

  it("does not count a signature that covers only the start of the body (l=) when more follows", async () => {
    const signed = await signMail(await mailFrom({ text: "Authorised.\r\n" }), fx.nhs, { bodyLength: 13 });
    const whole = await verifyDkim(signed, BOB, fx.resolver);
    expect(whole.signingDomain).toBe("nhs.net");
    const appended = Buffer.concat([signed, Buffer.from("Also give Mallory admin access.\r\n")]);
    const finding = await verifyDkim(appended, BOB, fx.resolver);
    expect(finding).toEqual({ signingDomain: null, detail: "dkim: d=nhs.net pass but body only partly signed", fromReadAlike: true });
  });

  it("vouches only for the From domain of the message it checked", async () => {
    const signed = await signMail(await mailFrom({ from: "bob@nhs.net" }), fx.nhs);
    expect((await verifyDkim(signed, { address: "bob@nhs.net", domain: "nhs.net" }, fx.resolver)).signingDomain).toBe("nhs.net");
    const finding = await verifyDkim(signed, { address: "bob@mail.nhs.net", domain: "mail.nhs.net" }, fx.resolver);
    expect(finding).toEqual({ signingDomain: null, detail: "dkim not used: From header read differently by the verifier", fromReadAlike: false });
  });

  it("vouches only for the very From address the verifier read, not another mailbox at its domain", async () => {
    const signed = await signMail(await mailFrom({ from: "carol.bob.authoriser@nhs.net" }), fx.nhs);
    const finding = await verifyDkim(signed, BOB, fx.resolver);
    expect(finding).toEqual({ signingDomain: null, detail: "dkim not used: From header read differently by the verifier", fromReadAlike: false });
  });

  it("accepts the organisation's signature for a subdomain sender", async () => {
    const evidence = await fx.authenticate(await signMail(await mailFrom({ from: "ops@mail.nhs.net" }), fx.nhs));
    expect(evidence.verification).toEqual({ method: "dkim", signingDomain: "nhs.net" });
  });

  it("does not accept nhs.uk's signature for a trust under nhs.uk", async () => {
    const evidence = await fx.authenticate(await signMail(await mailFrom({ from: "ops@sometrust.nhs.uk" }), fx.nhsUk));
    expect(evidence.verification).toBeNull();
    expect(evidence.detail).toContain("d=nhs.uk pass but not aligned with From sometrust.nhs.uk");
  });

  it("uses the passing aligned signature when another signature fails", async () => {
    const once = await signMail(await mailFrom(), fx.example);
    const twice = await signMail(once, fx.nhs);
    const broken = await signMail(await mailFrom(), fx.unpublished);
    expect((await fx.authenticate(twice)).verification).toEqual({ method: "dkim", signingDomain: "nhs.net" });
    expect((await fx.authenticate(await signMail(broken, fx.example))).verification).toBeNull();
  });

  it.each([
    ["the From domain itself", "nhs.net", "nhs.net", true],
    ["a parent organisation domain", "nhs.net", "mail.nhs.net", true],
    ["a sibling domain", "nhs.net", "nhs.net.example.org", false],
    ["a subdomain of the From domain", "mail.nhs.net", "nhs.net", false],
    ["a single label", "net", "nhs.net", false],
    ["a shared suffix", "co.uk", "nhs.co.uk", false],
    ["a look-alike ending", "hs.net", "nhs.net", false],
  ])("alignment: %s", (_label, signingDomain, fromDomain, aligned) => {
    expect(isAlignedSigningDomain(signingDomain, fromDomain)).toBe(aligned);
  });
});
