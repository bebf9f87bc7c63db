import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAuthenticationResults } from "../../src/sender/authentication-results-syntax.ts";
import { prependAuthenticationResults } from "../support/mail-builder.ts";
import { mailFrom, senderFixtures, TRUSTED_AUTHSERV_ID, type SenderFixtures } from "./sender-fixtures.ts";

let fx: SenderFixtures;
beforeAll(async () => {
  fx = await senderFixtures();
});
afterAll(() => fx.remove());

/** An unsigned message from bob@nhs.net as our receiving server would stamp it. */
async function received(value: string, options: Parameters<typeof mailFrom>[0] = {}): Promise<Buffer> {
  return prependAuthenticationResults(await mailFrom(options), value);
}

const TRUSTED_PASS = `${TRUSTED_AUTHSERV_ID}; dkim=pass header.d=nhs.net header.i=@nhs.net; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=nhs.net`;

describe("Authentication-Results evidence", () => {
  it("verifies the sender when the trusted server reports dmarc=pass for the From domain", async () => {
    const evidence = await fx.authenticate(await received(TRUSTED_PASS));
    expect(evidence.verification).toEqual({ method: "authentication-results", authservId: TRUSTED_AUTHSERV_ID });
    expect(evidence.detail).toBe(`authentication-results: ${TRUSTED_AUTHSERV_ID} reports dmarc=pass header.from=nhs.net`);
  });

  it("matches the authserv-id and header.from case-insensitively", async () => {
    const evidence = await fx.authenticate(await received("MX.NHSBSA.Test; dmarc=pass header.from=NHS.NET"));
    expect(evidence.verification?.method).toBe("authentication-results");
  });

  it("reads an authserv-id followed by a version number", async () => {
    const evidence = await fx.authenticate(await received(`${TRUSTED_AUTHSERV_ID} 1; dmarc=pass header.from=nhs.net`));
    expect(evidence.verification?.method).toBe("authentication-results");
  });

  it("does not believe an Authentication-Results from an authserv-id that is not configured", async () => {
    const evidence = await fx.authenticate(await received("mx.attacker.example; dmarc=pass header.from=nhs.net"));
    expect(evidence.verification).toBeNull();
    expect(evidence.detail).toContain("topmost is from mx.attacker.example, not a trusted authserv-id");
  });

  it("does not believe an authserv-id that only starts like the trusted one", async () => {
    const evidence = await fx.authenticate(await received(`${TRUSTED_AUTHSERV_ID}.attacker.example; dmarc=pass header.from=nhs.net`));
    expect(evidence.verification).toBeNull();
  });

  it("never reads an attacker's dmarc=pass below the trusted server's dmarc=fail", async () => {
    const attackers = `Authentication-Results: ${TRUSTED_AUTHSERV_ID}; dmarc=pass header.from=nhs.net`;
    const raw = await received(`${TRUSTED_AUTHSERV_ID}; dmarc=fail (p=REJECT) header.from=nhs.net`, { rawHeaders: [attackers] });
    const evidence = await fx.authenticate(raw);
    expect(evidence.verification).toBeNull();
    expect(evidence.detail).toContain(`${TRUSTED_AUTHSERV_ID} reports dmarc=fail`);
  });

  it("never reads a trusted-looking field below an untrusted topmost one", async () => {
    const attackers = `Authentication-Results: ${TRUSTED_AUTHSERV_ID}; dmarc=pass header.from=nhs.net`;
    const raw = await received("mx.other.example; dmarc=none header.from=nhs.net", { rawHeaders: [attackers] });
    expect((await fx.authenticate(raw)).verification).toBeNull();
  });

  it("does not accept dmarc=pass for a different header.from", async () => {
    const evidence = await fx.authenticate(await received(`${TRUSTED_AUTHSERV_ID}; dmarc=pass header.from=example.org`));
    expect(evidence.verification).toBeNull();
    expect(evidence.detail).toContain("dmarc=pass for header.from=example.org, not From nhs.net");
  });

  it("does not accept dmarc=pass for a domain that merely contains the From domain", async () => {
    const raw = await received(`${TRUSTED_AUTHSERV_ID}; dmarc=pass header.from=nhs.net.example.org`);
    expect((await fx.authenticate(raw)).verification).toBeNull();
  });

  it("accepts a header.from written as the whole From address", async () => {
    const raw = await received(`${TRUSTED_AUTHSERV_ID}; dmarc=pass header.from=Bob.Authoriser@nhs.net`);
    expect((await fx.authenticate(raw)).verification?.method).toBe("authentication-results");
  });

  it("does not accept a header.from naming another mailbox at the From domain", async () => {
    const raw = await received(`${TRUSTED_AUTHSERV_ID}; dmarc=pass header.from=carol.bob.authoriser@nhs.net`);
    const evidence = await fx.authenticate(raw);
    expect(evidence.verification).toBeNull();
    expect(evidence.detail).toContain("dmarc=pass for another address at nhs.net");
  });

  it("does not verify a From the project cannot read plainly, whatever the server reports for its domain", async () => {
    const raw = await received(TRUSTED_PASS, { from: null, rawHeaders: ['From: carol."bob.authoriser"@nhs.net'] });
    expect(await fx.authenticate(raw)).toMatchObject({ from: null, fromProblem: "malformed", verification: null });
  });

  it("does not accept dmarc=pass without a header.from", async () => {
    expect((await fx.authenticate(await received(`${TRUSTED_AUTHSERV_ID}; dmarc=pass`))).verification).toBeNull();
  });

  it("does not count bestguesspass as pass", async () => {
    const evidence = await fx.authenticate(await received(`${TRUSTED_AUTHSERV_ID}; dmarc=bestguesspass header.from=nhs.net`));
    expect(evidence.verification).toBeNull();
    expect(evidence.detail).toContain("reports dmarc=bestguesspass");
  });

  it("does not count dkim=pass alone", async () => {
    const raw = await received(`${TRUSTED_AUTHSERV_ID}; dkim=pass header.d=nhs.net; spf=pass smtp.mailfrom=nhs.net`);
    expect((await fx.authenticate(raw)).verification).toBeNull();
  });

  it("does not believe a field without an authserv-id, as Microsoft 365 writes them", async () => {
    const microsoft =
      "spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=nhs.net; dkim=pass (signature was verified) header.d=nhs.net;dmarc=pass action=none header.from=nhs.net;compauth=pass reason=100";
    const evidence = await fx.authenticate(await received(microsoft));
    expect(evidence.verification).toBeNull();
    expect(evidence.detail).toContain("topmost has no authserv-id, not trusted");
  });

  it("ignores a pass written inside a comment", async () => {
    const raw = await received(`${TRUSTED_AUTHSERV_ID}; dmarc=fail (was (nested) dmarc=pass header.from=nhs.net) header.from=nhs.net`);
    expect((await fx.authenticate(raw)).verification).toBeNull();
  });

  it("ignores a pass written inside a quoted string", async () => {
    const raw = await received(`${TRUSTED_AUTHSERV_ID}; dmarc=fail reason="x; dmarc=pass header.from=nhs.net" header.from=nhs.net`);
    expect((await fx.authenticate(raw)).verification).toBeNull();
  });

  it("does not verify when any dmarc result in the field is not pass", async () => {
    const raw = await received(`${TRUSTED_AUTHSERV_ID}; dmarc=pass header.from=nhs.net; dmarc=fail header.from=nhs.net`);
    expect((await fx.authenticate(raw)).verification).toBeNull();
  });

  it("does not verify from a field it cannot read completely", async () => {
    const raw = await received(`${TRUSTED_AUTHSERV_ID}; dmarc=pass header.from=nhs.net (unclosed comment`);
    const evidence = await fx.authenticate(raw);
    expect(evidence.verification).toBeNull();
    expect(evidence.detail).toContain("topmost could not be parsed");
  });
});

describe("parseAuthenticationResults", () => {
  it("reads authserv-id, methods, results and properties, skipping nested comments", () => {
    const parsed = parseAuthenticationResults(
      'mx.example.org (Postfix (v3)) 1; dkim=pass (2048-bit (rsa)) header.d=nhs.net header.i="@nhs.net"; dmarc/1=pass (p=REJECT) header.from=nhs.net',
    );
    expect(parsed).toEqual({
      authservId: "mx.example.org",
      results: [
        { method: "dkim", result: "pass", properties: new Map([["header.d", "nhs.net"], ["header.i", "@nhs.net"]]) },
        { method: "dmarc", result: "pass", properties: new Map([["header.from", "nhs.net"]]) },
      ],
    });
  });

  it("reads a field that reports no results", () => {
    expect(parseAuthenticationResults("mx.example.org; none")).toEqual({ authservId: "mx.example.org", results: [] });
  });

  it("keeps addresses with = in property values whole", () => {
    const parsed = parseAuthenticationResults("mx.example.org; spf=pass smtp.mailfrom=bounce+SRS=ab=cd@nhs.net");
    expect(parsed?.results[0]?.properties.get("smtp.mailfrom")).toBe("bounce+SRS=ab=cd@nhs.net");
  });

  it.each([
    ["an unclosed quoted string", 'mx.example.org; dmarc=pass reason="open'],
    ["a stray closing parenthesis", "mx.example.org; dmarc=pass) header.from=nhs.net"],
    ["a method without a result", "mx.example.org; dmarc header.from=nhs.net"],
    ["junk between entries", "mx.example.org junk; dmarc=pass header.from=nhs.net"],
  ])("refuses %s", (_label, value) => {
    expect(parseAuthenticationResults(value)).toBeNull();
  });
});
