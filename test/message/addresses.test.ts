import { describe, expect, it } from "vitest";
import { isDomain, normaliseAddress, normaliseDomain, readAddrSpec, sameAddress } from "../../src/message/addresses.ts";

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
    ["a quoted local part", '"bob"@nhs.net'],
    ["a quoted word in the local part", 'carol."bob"@nhs.net'],
    ["an empty quoted string", 'bob""@nhs.net'],
    ["a comment in the local part", "bob(x)@nhs.net"],
    ["a comment before the domain", "bob@(x)nhs.net"],
    ["a source route", "@mx.example:bob@nhs.net"],
    ["an escaped character", "bob\\@nhs.net"],
    ["whitespace before the domain", "bob@ nhs.net"],
    ["a non-ASCII local part", "bób@nhs.net"],
    ["a zero-width space in the local part", "bo\u200bb@nhs.net"],
    ["an encoded word", "=?utf-8?q?bob?=@nhs.net"],
    ["a leading dot", ".bob@nhs.net"],
    ["a trailing dot in the local part", "bob.@nhs.net"],
    ["two dots in the local part", "bob..smith@nhs.net"],
  ])("is not a plain mailbox: %s", (_label, raw) => {
    expect(normaliseAddress(raw)).toBeNull();
  });

  it.each([
    ["plus-addressing", "Bob.Authoriser+ePACT2@nhs.net", "bob.authoriser+epact2@nhs.net"],
    ["dots", "bob.a.authoriser@nhs.net", "bob.a.authoriser@nhs.net"],
    ["an apostrophe and a hyphen", "o'brien-smith@nhs.net", "o'brien-smith@nhs.net"],
  ])("reads a plain mailbox with %s", (_label, raw, address) => {
    expect(normaliseAddress(raw)?.address).toBe(address);
  });

  it("reads an addr-spec only when nothing surrounds it, not even whitespace", () => {
    expect(readAddrSpec("bob@nhs.net")?.address).toBe("bob@nhs.net");
    expect(readAddrSpec(" bob@nhs.net")).toBeNull();
    expect(readAddrSpec("bob@nhs.net ")).toBeNull();
  });

  it("calls two addresses the same only when both are readable and name one mailbox", () => {
    expect(sameAddress("Bob@NHS.net", " bob@nhs.net ")).toBe(true);
    expect(sameAddress("bob@nhs.net", "bob+x@nhs.net")).toBe(false);
    expect(sameAddress('"bob"@nhs.net', '"bob"@nhs.net')).toBe(false);
    expect(sameAddress("", "")).toBe(false);
  });

  it("normalises a bare domain the same way", () => {
    expect(normaliseDomain(" NHS.NET ")).toBe("nhs.net");
    expect(normaliseDomain("nhs.net.")).toBeNull();
    expect(normaliseDomain("net")).toBeNull();
  });
});
