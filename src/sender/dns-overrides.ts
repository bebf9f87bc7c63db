// Where DKIM keys are looked up: real DNS, or a JSON file of answers that replaces DNS
// entirely (tests, and operators pinning keys). With a file, a name it does not hold is
// answered as not found; nothing goes to the network.
//
// File format, names case-insensitive, a TXT record either one string or its chunks:
//   { "sel._domainkey.nhs.net": { "TXT": ["v=DKIM1; k=rsa; p=MIIB..."] } }

import { readFileSync } from "node:fs";
import { promises as dns } from "node:dns";
import { z } from "zod";

/** The resolver shape mailauth takes. TXT answers are arrays of string chunks. */
export type DnsResolver = (name: string, rrtype: string) => Promise<string[][] | string[]>;

export class DnsOverridesError extends Error {
  readonly file: string;
  readonly problem: string;

  constructor(file: string, problem: string) {
    super(`DNS override file ${file}: ${problem}`);
    this.name = "DnsOverridesError";
    this.file = file;
    this.problem = problem;
  }
}

const DNS_NAME = /^[a-z0-9_-]{1,63}(\.[a-z0-9_-]{1,63})*$/;
const DNS_TIMEOUT_MS = 5_000;
const EXAMPLE = '{ "selector._domainkey.example.org": { "TXT": ["v=DKIM1; k=rsa; p=..."] } }';

const txtRecordSchema = z.union([z.string(), z.array(z.string()).min(1)]);
const dnsOverridesSchema = z.record(z.string(), z.strictObject({ TXT: z.array(txtRecordSchema).min(1) }));

/** The records held for one name: TXT records as their string chunks. */
export interface DnsAnswers {
  readonly TXT: readonly (readonly string[])[];
}

/** Answers by lower-case DNS name (no trailing dot). */
export type DnsOverrides = ReadonlyMap<string, DnsAnswers>;

// Node's resolver has its own retry loop; bound it so a dead DNS server cannot hold a
// message for minutes. mailauth's declared type lists only strings, MX answers are objects.
const systemDns = new dns.Resolver({ timeout: DNS_TIMEOUT_MS, tries: 2 });
export const systemResolver: DnsResolver = (name, rrtype) =>
  systemDns.resolve(name, rrtype) as Promise<string[][] | string[]>;

/** The override file, read and checked; DnsOverridesError when it cannot be used. */
export function readDnsOverrides(file: string): DnsOverrides {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new DnsOverridesError(file, `cannot be read (${errorCode(error)})`);
  }
  return parseDnsOverrides(text, file);
}

export function loadDnsOverrides(file: string): DnsResolver {
  return resolverFor(readDnsOverrides(file));
}

export function parseDnsOverrides(text: string, file: string): DnsOverrides {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DnsOverridesError(file, `is not valid JSON (${error instanceof Error ? error.message : "parse error"})`);
  }
  const parsed = dnsOverridesSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const where = issue.path.map((segment) => JSON.stringify(String(segment))).join(" > ");
      return where === "" ? issue.message : `at ${where}: ${issue.message}`;
    });
    throw new DnsOverridesError(file, `has the wrong shape: ${issues.join("; ")} (expected ${EXAMPLE})`);
  }
  const overrides = new Map<string, { TXT: string[][] }>();
  for (const [name, answers] of Object.entries(parsed.data)) {
    const key = canonicalName(name);
    if (!DNS_NAME.test(key)) {
      throw new DnsOverridesError(file, `${JSON.stringify(name)} is not a DNS name`);
    }
    if (overrides.has(key)) {
      throw new DnsOverridesError(file, `names ${JSON.stringify(key)} more than once (names are case-insensitive)`);
    }
    overrides.set(key, { TXT: answers.TXT.map((record) => (typeof record === "string" ? [record] : record)) });
  }
  return overrides;
}

export function resolverFor(overrides: DnsOverrides): DnsResolver {
  return (name, rrtype) => {
    const entry = overrides.get(canonicalName(name));
    if (entry === undefined) {
      return Promise.reject(dnsError("ENOTFOUND", name, rrtype));
    }
    if (rrtype.toUpperCase() !== "TXT") {
      return Promise.reject(dnsError("ENODATA", name, rrtype));
    }
    return Promise.resolve(entry.TXT.map((chunks) => [...chunks]));
  };
}

function canonicalName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, "");
}

// The same shape as node:dns errors, which is what mailauth reads (`code`).
function dnsError(code: string, name: string, rrtype: string): Error {
  const syscall = `query${rrtype.charAt(0).toUpperCase()}${rrtype.slice(1).toLowerCase()}`;
  return Object.assign(new Error(`${syscall} ${code} ${name}`), { code, hostname: name, syscall });
}

function errorCode(error: unknown): string {
  if (error instanceof Error && "code" in error && typeof error.code === "string") {
    return error.code;
  }
  return error instanceof Error ? error.message : "unknown error";
}
