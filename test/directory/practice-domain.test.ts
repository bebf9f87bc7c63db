import { describe, expect, it } from "vitest";
import { checkDomainName, checkPracticeDomain } from "../../src/directory/practice-domain.ts";

describe("practice domains", () => {
  it("lower-cases and trims, and drops a leading @", () => {
    expect(checkPracticeDomain("  @Example-Surgery.CO.UK ")).toEqual({ ok: true, value: "example-surgery.co.uk" });
  });

  it("writes an internationalised domain in its ASCII form", () => {
    expect(checkPracticeDomain("Bücher.example")).toEqual({ ok: true, value: "xn--bcher-kva.example" });
    expect(checkPracticeDomain("xn--bcher-kva.example")).toEqual({ ok: true, value: "xn--bcher-kva.example" });
  });

  it.each([["localhost"], ["not a domain.com"], ["-bad.example"], ["example..com"], ["10.0.0.1"], ["bob@example.com"], [""]])(
    "refuses %j",
    (raw) => {
      expect(checkPracticeDomain(raw).ok).toBe(false);
    },
  );

  it("refuses nhs.net, which every organisation may use already", () => {
    expect(checkPracticeDomain("NHS.net")).toMatchObject({ ok: false, problem: expect.stringMatching(/nhs\.net is accepted for every organisation/) as unknown });
  });

  it("refuses public mail services, which are nobody's practice domain", () => {
    expect(checkPracticeDomain("gmail.com")).toMatchObject({ ok: false, problem: expect.stringMatching(/public mail service/) as unknown });
  });

  it("still reads those as domain names, so a registration can be withdrawn", () => {
    expect(checkDomainName("gmail.com")).toEqual({ ok: true, value: "gmail.com" });
  });
});
