import { promises as dns } from "node:dns";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DnsOverridesError, loadDnsOverrides } from "../../src/sender/dns-overrides.ts";
import { createDkimKey, writeDnsOverrides, type DkimKey } from "../support/mail-builder.ts";

let dir: string;
let key: DkimKey;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "dns-overrides-test-"));
  key = await createDkimKey("nhs.net", "s2024");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileWith(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

function loadError(file: string): DnsOverridesError {
  try {
    loadDnsOverrides(file);
  } catch (error) {
    expect(error).toBeInstanceOf(DnsOverridesError);
    return error as DnsOverridesError;
  }
  throw new Error(`${file} loaded without an error`);
}

describe("DNS override file", () => {
  it("answers TXT queries from the file, as chunks that join into the record", async () => {
    const file = path.join(dir, "keys.json");
    writeDnsOverrides(file, [key]);
    const answer = (await loadDnsOverrides(file)(key.dnsName, "TXT")) as string[][];
    expect(answer).toHaveLength(1);
    expect(answer[0]?.join("")).toBe(key.dnsTxt);
    expect(JSON.parse(readFileSync(file, "utf8"))).toHaveProperty([key.dnsName, "TXT"]);
  });

  it("matches names case-insensitively and with a trailing dot", async () => {
    const resolver = loadDnsOverrides(fileWith("case.json", '{ "Sel._DomainKey.NHS.net": { "TXT": ["v=DKIM1; p=abc"] } }'));
    expect(await resolver("sel._domainkey.nhs.net.", "TXT")).toEqual([["v=DKIM1; p=abc"]]);
  });

  it("answers a name it does not hold as not found, without asking DNS", async () => {
    // Watches (does not replace) every way node:dns could be asked.
    const asked = [
      vi.spyOn(dns.Resolver.prototype, "resolve"),
      vi.spyOn(dns.Resolver.prototype, "resolveTxt"),
      vi.spyOn(dns, "resolve"),
      vi.spyOn(dns, "resolveTxt"),
    ];
    try {
      const resolver = loadDnsOverrides(fileWith("one.json", '{ "a._domainkey.nhs.net": { "TXT": ["v=DKIM1; p=abc"] } }'));
      await expect(resolver("selector1._domainkey.nhs.net", "TXT")).rejects.toMatchObject({ code: "ENOTFOUND" });
      await expect(resolver("google.com", "TXT")).rejects.toMatchObject({ code: "ENOTFOUND" });
      for (const spy of asked) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of asked) spy.mockRestore();
    }
  });

  it("answers another record type for a name it holds as no data", async () => {
    const resolver = loadDnsOverrides(fileWith("nodata.json", '{ "nhs.net": { "TXT": ["v=spf1 -all"] } }'));
    await expect(resolver("nhs.net", "MX")).rejects.toMatchObject({ code: "ENODATA" });
  });

  it.each([
    ["not JSON", "{ nope", /is not valid JSON/],
    ["an array", '["sel._domainkey.nhs.net"]', /has the wrong shape/],
    ["a TXT that is not a list", '{ "sel._domainkey.nhs.net": { "TXT": "v=DKIM1; p=abc" } }', /"sel._domainkey.nhs.net" > "TXT"/],
    ["an empty TXT list", '{ "sel._domainkey.nhs.net": { "TXT": [] } }', /"sel._domainkey.nhs.net" > "TXT"/],
    ["a record type it does not know", '{ "sel._domainkey.nhs.net": { "txt": ["v=DKIM1"] } }', /"txt"/],
    ["a name that is not a DNS name", '{ "sel domainkey nhs.net": { "TXT": ["v=DKIM1"] } }', /is not a DNS name/],
    [
      "the same name twice in different case",
      '{ "a._domainkey.nhs.net": { "TXT": ["x"] }, "A._domainkey.NHS.net": { "TXT": ["y"] } }',
      /names "a._domainkey.nhs.net" more than once/,
    ],
  ])("rejects a file that is %s, naming the file and the problem", (label, content, problem) => {
    const file = fileWith(`${label.replaceAll(" ", "-")}.json`, content);
    const error = loadError(file);
    expect(error.file).toBe(file);
    expect(error.message).toContain(`DNS override file ${file}: `);
    expect(error.message).toMatch(problem);
  });

  it("rejects a file that does not exist", () => {
    expect(loadError(path.join(dir, "missing.json")).problem).toBe("cannot be read (ENOENT)");
  });
});
