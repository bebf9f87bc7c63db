// Draws every page of the eleven blank forms, and of one filled GP form, as PNG pictures in
// docs/forms, so people can see what applicants and authorisers see. Run by hand after changing
// the forms:  npm run forms:pictures
// Needs pdftoppm from Debian's poppler-utils (`apt-get install -y poppler-utils`).
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fillForm, generateBlankForm } from "../src/forms/generate-form.ts";
import { SAMPLE_PRINTING, sampleValues } from "../fixtures/sample-values.ts";
import { FORM_IDS } from "../src/forms/registration-form.ts";

const OUT = path.resolve(import.meta.dirname, "../docs/forms");
const RESOLUTION = "100";
const run = promisify(execFile);

async function picture(name: string, pdf: Uint8Array, work: string): Promise<void> {
  const file = path.join(work, `${name}.pdf`);
  await writeFile(file, pdf);
  await run("pdftoppm", ["-png", "-r", RESOLUTION, file, path.join(OUT, name)]);
  console.log(`${name}: ${pdf.length} bytes`);
}

await mkdir(OUT, { recursive: true });
for (const old of await readdir(OUT)) if (old.endsWith(".png")) await rm(path.join(OUT, old));
const work = await mkdtemp(path.join(tmpdir(), "form-pictures-"));
try {
  for (const formId of FORM_IDS) await picture(formId, await generateBlankForm(formId, SAMPLE_PRINTING), work);
  await picture("EPACT2-GP-filled", await fillForm("EPACT2-GP", sampleValues("EPACT2-GP")), work);
} finally {
  await rm(work, { recursive: true, force: true });
}
