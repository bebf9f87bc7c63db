// Sets up a demonstration on the embedded defaults: sample ODS organisations and authoriser
// directory, a local DKIM key published through a DNS override file, and one signed GP
// registration form waiting in the Maildir. Then:
//   INTAKE_DNS_OVERRIDES=var/example/dns.json npx intake run --once
// Everything it writes is synthetic; nothing is sent anywhere.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fillForm, sampleValues } from "../src/forms/generate-form.ts";
import { loadConfig } from "../src/config/config.ts";
import { openDatabase } from "../src/records/database.ts";
import { readOrganisations } from "../src/organisations/read-organisations.ts";
import { importOrganisations } from "../src/records/organisations.ts";
import { parseDirectoryFile } from "../src/directory/read-directory-file.ts";
import { saveDirectoryEntries } from "../src/records/directory.ts";
import { buildMail, createDkimKey, signMail, writeDnsOverrides } from "../test/support/mail-builder.ts";
import { SAMPLE_DIRECTORY, SAMPLE_ORGANISATIONS } from "../test/support/workspace.ts";

const config = loadConfig(process.env);
if (config.mailbox.kind !== "maildir") throw new Error("the example runs on the embedded Maildir: unset INTAKE_MAILBOX");
const maildir = config.mailbox.path;
const exampleDir = path.join(config.home, "var", "example");
mkdirSync(exampleDir, { recursive: true });

const key = await createDkimKey("nhs.net", "example");
writeDnsOverrides(path.join(exampleDir, "dns.json"), [key]);
writeFileSync(path.join(exampleDir, "organisations.csv"), SAMPLE_ORGANISATIONS);
writeFileSync(path.join(exampleDir, "authorisers.csv"), SAMPLE_DIRECTORY);

const db = await openDatabase(config.databasePath);
try {
  const now = new Date();
  await importOrganisations(db, readOrganisations(SAMPLE_ORGANISATIONS, { source: "organisations.csv" }), now);
  await saveDirectoryEntries(db, parseDirectoryFile(new TextEncoder().encode(SAMPLE_DIRECTORY), "authorisers.csv"), now);
} finally {
  await db.$disconnect();
}

const pdf = await fillForm("EPACT2-GP", sampleValues("EPACT2-GP", { applicant_email: `alice.applicant.${Date.now()}@nhs.net` }));
const raw = await buildMail({
  from: "Dr Bob Authoriser <bob.authoriser@nhs.net>",
  to: config.supportAddress,
  subject: "ePACT2 GP Practice Access registration",
  text: "Please find the authorised registration form attached.",
  attachments: [{ filename: "EPACT2-GP.pdf", content: Buffer.from(pdf), contentType: "application/pdf" }],
});
const signed = await signMail(raw, key);
for (const sub of ["new", "cur", "tmp"]) mkdirSync(path.join(maildir, sub), { recursive: true });
const file = path.join(maildir, "new", `${Date.now()}.example.eml`);
writeFileSync(file, signed);

process.stdout.write(
  [
    `Sample organisations and authorisers loaded into ${config.databasePath}`,
    `DKIM key for nhs.net published in ${path.join(exampleDir, "dns.json")}`,
    `Signed GP form waiting in ${file}`,
    "Now run: INTAKE_DNS_OVERRIDES=var/example/dns.json npx intake run --once",
    "",
  ].join("\n"),
);
