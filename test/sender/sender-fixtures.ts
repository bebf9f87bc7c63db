// Keys and a DNS override file shared by the sender tests: nhs.net and example.org publish
// their keys; "unpublished" signs for nhs.net with a key that is in no DNS at all.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { authenticateSender } from "../../src/sender/authenticate-sender.ts";
import { loadDnsOverrides, type DnsResolver } from "../../src/sender/dns-overrides.ts";
import type { SenderEvidence } from "../../src/sender/sender-evidence.ts";
import { buildMail, createDkimKey, writeDnsOverrides, type DkimKey, type MailOptions } from "../support/mail-builder.ts";

export const TRUSTED_AUTHSERV_ID = "mx.nhsbsa.test";

export interface SenderFixtures {
  readonly nhs: DkimKey;
  readonly nhsUk: DkimKey;
  readonly example: DkimKey;
  readonly unpublished: DkimKey;
  readonly overridesFile: string;
  readonly resolver: DnsResolver;
  /** authenticateSender with the override resolver and TRUSTED_AUTHSERV_ID trusted. */
  authenticate(raw: Buffer): Promise<SenderEvidence>;
  remove(): void;
}

export async function senderFixtures(): Promise<SenderFixtures> {
  const [nhs, nhsUk, example, unpublished] = await Promise.all([
    createDkimKey("nhs.net", "s2024"),
    createDkimKey("nhs.uk", "s2024"),
    createDkimKey("example.org", "mail"),
    createDkimKey("nhs.net", "unpublished"),
  ]);
  const dir = mkdtempSync(path.join(os.tmpdir(), "sender-test-"));
  const overridesFile = path.join(dir, "dns.json");
  writeDnsOverrides(overridesFile, [nhs, nhsUk, example]);
  const resolver = loadDnsOverrides(overridesFile);
  return {
    nhs,
    nhsUk,
    example,
    unpublished,
    overridesFile,
    resolver,
    authenticate: (raw) => authenticateSender(raw, { trustedAuthservIds: [TRUSTED_AUTHSERV_ID], resolver }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A plain message from bob@nhs.net; override any part. */
export function mailFrom(options: Partial<MailOptions> = {}): Promise<Buffer> {
  return buildMail({
    from: "Bob Authoriser <bob.authoriser@nhs.net>",
    to: "dataservicessupport@nhsbsa.nhs.uk",
    subject: "ePACT2 registration form",
    text: "Please find the authorised form attached.\r\n",
    ...options,
  });
}
