import { describe, expect, it } from "vitest";
import { isDomain, normaliseAddress, normaliseDomain } from "../../src/sender/addresses.ts";

const nhsNet = (raw: string): boolean => {
  const address = normaliseAddress(raw);
  return address !== null && isDomain(address, "nhs.net");
};

describe("addresses", () => {
  it("lower-cases the local part and the domain, and trims", () => {
    expect(normaliseAddress("  Bob.Authoriser@NHS.Net ")).toEqual({
      address: "bob.authoriser@nhs.net",
      domain: "nhs.net",
    });
  });

  it("writes an internationalised domain in its ASCII form", () => {
    expect(normaliseAddress("info@Bücher.example")).toEqual({
      address: "info@xn--bcher-kva.example",
      domain: "xn--bcher-kva.example",
    });
  });

  it("compares domains case-insensitively", () => {
    expect(nhsNet("bob@NHS.NET")).toBe(true);
    expect(isDomain({ address: "bob@nhs.net", domain: "nhs.net" }, "NHS.net")).toBe(true);
  });

  it.each([
    ["a Cyrillic е", "bob@nhs.nеt"],
    ["a Cyrillic е before another suffix", "bob@nhs.nеt.uk"],
    ["fullwidth letters", "bob@ｎｈｓ.ｎｅｔ"],
    ["an ideographic full stop", "bob@nhs。net"],
    ["a domain that only starts like nhs.net", "bob@nhs.net.example.org"],
    ["a hyphenated look-alike", "bob@nhs-net.com"],
    ["a subdomain", "bob@mail.nhs.net"],
    ["a trailing dot", "bob@nhs.net."],
    ["a domain ending in nhs.net without a dot", "bob@evilnhs.net"],
  ])("is not nhs.net: %s", (_label, raw) => {
    expect(nhsNet(raw)).toBe(false);
  });

  it.each([
    ["an empty string", ""],
    ["no @", "bob.nhs.net"],
    ["two @", "bob@evil@nhs.net"],
    ["an empty local part", "@nhs.net"],
    ["an empty domain", "bob@"],
    ["a space", "bob smith@nhs.net"],
    ["a tab", "bob\t@nhs.net"],
    ["a control character", "bob\u0000@nhs.net"],
    ["a line break", "bob@nhs.net\r\nBcc: x@example.org"],
    ["a domain without a dot", "bob@localhost"],
    ["a trailing dot", "bob@nhs.net."],
    ["two dots in a row", "bob@nhs..net"],
    ["an address literal", "bob@[192.0.2.1]"],
    ["an IP address", "bob@192.0.2.1"],
    ["angle brackets", "<bob@nhs.net>"],
    ["two addresses", "bob@nhs.net,eve@nhs.net"],
    ["fullwidth letters in the domain", "bob@ｎｈｓ.ｎｅｔ"],
    ["a label starting with a hyphen", "bob@-nhs.net"],
    ["a local part over 64 characters", `${"b".repeat(65)}@nhs.net`],
  ])("is not a plausible mailbox: %s", (_label, raw) => {
    expect(normaliseAddress(raw)).toBeNull();
  });

  it("normalises a bare domain the same way", () => {
    expect(normaliseDomain(" NHS.NET ")).toBe("nhs.net");
    expect(normaliseDomain("nhs.net.")).toBeNull();
    expect(normaliseDomain("net")).toBeNull();
  });
});
