import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_HEADER_BYTES } from "../../src/message/header-block.ts";
import { prependAuthenticationResults, signMail } from "../support/mail-builder.ts";
import { mailFrom, senderFixtures, TRUSTED_AUTHSERV_ID, type SenderFixtures } from "./sender-fixtures.ts";

let fx: SenderFixtures;
beforeAll(async () => {
  fx = await senderFixtures();
});
afterAll(() => fx.remove());

// Deterministic bytes of every value, line breaks included.
const junk = (length: number): Buffer => Buffer.from(Array.from({ length }, (_, index) => (index * 7919 + 13) % 256));

describe("authenticateSender", () => {
  it("prefers DKIM when both DKIM and Authentication-Results would prove the sender", async () => {
    const signed = await signMail(await mailFrom(), fx.nhs);
    const raw = prependAuthenticationResults(signed, `${TRUSTED_AUTHSERV_ID}; dmarc=pass header.from=nhs.net`);
    expect((await fx.authenticate(raw)).verification).toEqual({ method: "dkim", signingDomain: "nhs.net" });
  });

  it("falls back to the receiving server's DMARC result when the DKIM key cannot be found", async () => {
    const signed = await signMail(await mailFrom(), fx.unpublished);
    const raw = prependAuthenticationResults(signed, `${TRUSTED_AUTHSERV_ID}; dmarc=pass header.from=nhs.net`);
    const evidence = await fx.authenticate(raw);
    expect(evidence.verification).toEqual({ method: "authentication-results", authservId: TRUSTED_AUTHSERV_ID });
  });

  it.each([
    ["a bare address", "bob.authoriser@nhs.net"],
    ["a display name of atoms", "Dr Bob Authoriser <bob.authoriser@nhs.net>"],
    ["a quoted display name with commas", '"Authoriser, Bob (GP)" <bob.authoriser@nhs.net>'],
    ["an encoded-word display name", "=?UTF-8?Q?Bob_Authoris=C3=A9r?= <bob.authoriser@nhs.net>"],
    ["a title with a full stop", "Dr. Bob <bob.authoriser@nhs.net>"],
  ])("verifies by DKIM an ordinary From, read alike by the verifier: %s", async (_label, value) => {
    const raw = await signMail(await mailFrom({ from: null, rawHeaders: [`From: ${value}`] }), fx.nhs);
    expect(await fx.authenticate(raw)).toMatchObject({
      from: { address: "bob.authoriser@nhs.net", domain: "nhs.net" },
      verification: { method: "dkim", signingDomain: "nhs.net" },
    });
  });

  it.each([
    ["plus-addressing", "Bob <bob.authoriser+epact2@nhs.net>", "bob.authoriser+epact2@nhs.net"],
    ["dots and an apostrophe", "o'brien.a.b@nhs.net", "o'brien.a.b@nhs.net"],
  ])("verifies by DKIM the exact mailbox of %s", async (_label, value, address) => {
    const raw = await signMail(await mailFrom({ from: null, rawHeaders: [`From: ${value}`] }), fx.nhs);
    expect(await fx.authenticate(raw)).toMatchObject({ from: { address }, verification: { method: "dkim" } });
  });

  it("says why both kinds of evidence failed", async () => {
    const evidence = await fx.authenticate(await mailFrom());
    expect(evidence).toEqual({
      from: { address: "bob.authoriser@nhs.net", domain: "nhs.net" },
      fromProblem: null,
      verification: null,
      detail: "unverified: dkim none: message not signed; authentication-results: none present",
    });
  });

  it("keeps message content out of the detail", async () => {
    const raw = prependAuthenticationResults(
      await mailFrom({ subject: "Patient Jane Doe NHS 9434765919", text: "Confidential body\r\n" }),
      "Jane Doe 9434765919; dmarc=pass header.from=nhs.net",
    );
    const { detail } = await fx.authenticate(await signMail(raw, fx.unpublished));
    expect(detail).not.toMatch(/Jane|9434765919|Confidential/);
    expect(detail).toMatch(/^[\x20-\x7e]+$/);
  });

  it.each([
    ["an empty message", Buffer.alloc(0), "missing"],
    ["a message that is only a blank line", Buffer.from("\r\n\r\nFrom: bob@nhs.net\r\n"), "missing"],
    ["binary junk", junk(64 * 1024), "missing"],
    ["a header block of binary junk", Buffer.concat([Buffer.from("From: \u0000\u00ff\u0001"), junk(1024)]), "malformed"],
  ])("answers unverified, without throwing, for %s", async (_label, raw, fromProblem) => {
    const evidence = await fx.authenticate(raw);
    expect(evidence.verification).toBeNull();
    expect(evidence.fromProblem).toBe(fromProblem);
  });

  it("answers unverified for a header block larger than any real one", async () => {
    const huge = Buffer.from(`X-Padding: ${"a".repeat(MAX_HEADER_BYTES)}\r\n`);
    const raw = Buffer.concat([huge, await signMail(await mailFrom(), fx.nhs)]);
    const started = performance.now();
    const evidence = await fx.authenticate(raw);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(evidence).toMatchObject({ from: null, fromProblem: "malformed", verification: null });
  });

  it("still verifies a signed message with a large but plausible header block", async () => {
    const padding = Array.from({ length: 2_000 }, (_, index) => `Received: from relay${index}.example.org by mx.example.org`);
    const raw = await signMail(await mailFrom({ rawHeaders: padding }), fx.nhs);
    expect((await fx.authenticate(raw)).verification?.method).toBe("dkim");
  });

  it("answers unverified for a From header folded a hundred thousand times", async () => {
    const folded = `From: ${Array.from({ length: 100_000 }, () => "x").join("\r\n ")}`;
    const evidence = await fx.authenticate(await mailFrom({ from: null, rawHeaders: [folded] }));
    expect(evidence).toMatchObject({ from: null, fromProblem: "malformed", verification: null });
  });

  it("does not read identity from a line that only looks like a continuation of From", async () => {
    const evidence = await fx.authenticate(await mailFrom({ from: null, rawHeaders: ["From: Bob", "<bob.authoriser@nhs.net>"] }));
    expect(evidence.fromProblem).toBe("malformed");
  });
});
