// Sets up a demonstration on the embedded defaults from fixtures/ (fixtures/README.md): the
// sample ODS organisations and authoriser directory, and a GP registration form signed with
// the fixtures' TEST-ONLY DKIM key waiting in the Maildir (a new applicant each time, so the
// example can be run again). Then:
//   INTAKE_DNS_OVERRIDES=fixtures/dkim/dns.json npx intake run --once
// Everything it writes is synthetic; nothing is sent anywhere.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fillForm } from "../src/forms/generate-form.ts";
import { sampleValues } from "../fixtures/sample-values.ts";
import { loadConfig } from "../src/config/config.ts";
import { openDatabase } from "../src/records/database.ts";
import { readOrganisations } from "../src/organisations/read-organisations.ts";
import { importOrganisations } from "../src/records/organisations.ts";
import { parseDirectoryFile } from "../src/directory/read-directory-file.ts";
import { saveDirectoryEntries } from "../src/records/directory.ts";
import { buildMail, dkimKeyFromPem, signMail } from "../test/support/mail-builder.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");
const config = loadConfig(process.env);
if (config.mailbox.kind !== "maildir") throw new Error("the example runs on the embedded Maildir: unset INTAKE_MAILBOX");
const maildir = config.mailbox.path;

const organisations = readFileSync(path.join(FIXTURES, "reference", "organisations.csv"));
const authorisers = readFileSync(path.join(FIXTURES, "reference", "authorisers.csv"));
const db = await openDatabase(config.databasePath);
try {
  const now = new Date();
  await importOrganisations(db, readOrganisations(organisations, { source: "organisations.csv" }), now);
  await saveDirectoryEntries(db, parseDirectoryFile(authorisers, "authorisers.csv"), now);
} finally {
  await db.$disconnect();
}

const key = dkimKeyFromPem("nhs.net", "fixtures", readFileSync(path.join(FIXTURES, "dkim", "TEST-ONLY-nhs.net-fixtures.private.pem"), "utf8"));
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
    `Sample organisations and authorisers (fixtures/reference) loaded into ${config.databasePath}`,
    `Signed GP form waiting in ${file}, signed with the fixtures' test-only key (fixtures/dkim)`,
    "Now run: INTAKE_DNS_OVERRIDES=fixtures/dkim/dns.json npx intake run --once",
    "",
  ].join("\n"),
);
