// Writes fixtures/: the sample reference data, a filled sample form, a TEST-ONLY DKIM key for
// nhs.net with its DNS override file, and a registration email signed with it. The key is
// made once and kept (delete fixtures/dkim to make a new one); everything else is rewritten
// from it, so `npm run fixtures` after a change to the forms or the samples brings them in line.
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fillForm } from "../src/forms/generate-form.ts";
import { sampleValues } from "../fixtures/sample-values.ts";
import { buildMail, dkimKeyFromPem, signMail, writeDnsOverrides, type DkimKey } from "../test/support/mail-builder.ts";
import { legacyRow } from "../test/organisations/organisation-files.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");
const KEY_FILE = path.join(FIXTURES, "dkim", "TEST-ONLY-nhs.net-fixtures.private.pem");
const SELECTOR = "fixtures";

/** The test-only key: made once, then read back. */
function testOnlyKey(): DkimKey {
  mkdirSync(path.dirname(KEY_FILE), { recursive: true });
  if (!existsSync(KEY_FILE)) {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    writeFileSync(KEY_FILE, privateKey);
  }
  return dkimKeyFromPem("nhs.net", SELECTOR, readFileSync(KEY_FILE, "utf8"));
}

const write = (relative: string, content: string | Uint8Array): void => {
  const file = path.join(FIXTURES, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  process.stdout.write(`wrote fixtures/${relative}\n`);
};

const key = testOnlyKey();
writeDnsOverrides(path.join(FIXTURES, "dkim", "dns.json"), [key]);

// The epraccur extract: the sample GP practices in the legacy 27-column layout (no header).
const practices = [
  { code: "A81001", name: "EXAMPLE MEDICAL PRACTICE", commissioner: "92G" },
  { code: "A81002", name: "SECOND MEDICAL PRACTICE", commissioner: "92G" },
  { code: "A89999", name: "CLOSED MEDICAL PRACTICE", commissioner: "92G", status: "C", closeDate: "20240331" },
];
write("reference/epraccur-extract.csv", practices.map((p) => `${legacyRow(p).map((f) => `"${f}"`).join(",")}\n`).join(""));

const pdf = await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"));
write("forms/EPACT2-GP-sample.pdf", pdf);

const raw = await buildMail({
  from: "Dr Bob Authoriser <bob.authoriser@nhs.net>",
  to: "dataservicessupport@nhsbsa.nhs.uk",
  subject: "ePACT2 GP Practice Access registration",
  text: "Please find the authorised registration form attached.",
  messageId: "<fixture-gp-form@nhs.net>",
  date: new Date("2026-12-01T09:00:00Z"),
  attachments: [{ filename: "EPACT2-GP.pdf", content: Buffer.from(pdf), contentType: "application/pdf" }],
});
write("mail/gp-form-signed.eml", await signMail(raw, key));
