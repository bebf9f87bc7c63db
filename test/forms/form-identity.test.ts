// Which form a PDF is: the generator writes it as metadata and prints it at the foot of every
// page; earlier copies and other producers carry Form ID and Form version fields, or their
// labels once flattened. Whatever identifies a form, the pages must show it, and nothing in
// the PDF may name another form.
import { describe, expect, it } from "vitest";
import { fillForm } from "../../src/forms/generate-form.ts";
import { sampleValues } from "../../fixtures/sample-values.ts";
import { readRegistrationForm } from "../../src/forms/read-form.ts";
import type { FormReading } from "../../src/forms/registration-form.ts";
import { withHiddenLine } from "./support/hostile-forms.ts";
import { asEarlierCopy, withFooterCovered, withMetadataIdentity, withoutMetadata } from "./support/identity-edits.ts";

const OPTIONS = { maxBytes: 10 * 1024 * 1024 };
const GP = { formId: "EPACT2-GP", version: "1" };
const NATIONAL = { formId: "EPACT2-NATIONAL", version: "1" };

const gpForm = (flatten = false) => fillForm("EPACT2-GP", sampleValues("EPACT2-GP"), { flatten });

async function read(bytes: Uint8Array | Promise<Uint8Array>): Promise<FormReading> {
  return readRegistrationForm(await bytes, OPTIONS);
}

function readAs(reading: FormReading): string {
  return reading.kind === "read" ? `${reading.form.formId} from ${reading.path}` : `${reading.kind}: ${JSON.stringify(reading)}`;
}

function notShown(reading: FormReading): Record<string, string> {
  if (reading.kind !== "not-as-shown") throw new Error(`expected not-as-shown, got ${JSON.stringify(reading)}`);
  return Object.fromEntries(reading.problems.map((problem) => [problem.label, problem.problem]));
}

describe("a form is identified", () => {
  it("by its metadata, fillable or flattened", async () => {
    expect(readAs(await read(gpForm()))).toBe("EPACT2-GP from fields");
    expect(readAs(await read(gpForm(true)))).toBe("EPACT2-GP from text");
  });

  it("without metadata (a printed copy), by the line at the foot of its pages", async () => {
    expect(readAs(await read(withoutMetadata(await gpForm(true))))).toBe("EPACT2-GP from text");
    expect(readAs(await read(withoutMetadata(await gpForm())))).toBe("EPACT2-GP from fields");
  });

  it("as an earlier copy, by its Form ID and Form version fields", async () => {
    const reading = await read(asEarlierCopy(await gpForm(), GP));
    expect(readAs(reading)).toBe("EPACT2-GP from fields");
  });

  it("as an earlier flattened copy, by its printed Form ID and Form version labels", async () => {
    const reading = await read(asEarlierCopy(await gpForm(), GP, { flatten: true }));
    expect(readAs(reading)).toBe("EPACT2-GP from text");
  });
});

describe("a form that says it is another form is not as shown", () => {
  it.each([false, true])("metadata naming another form than the pages print (flattened: %s)", async (flatten) => {
    const reading = await read(withMetadataIdentity(await gpForm(flatten), NATIONAL, "both"));
    expect(reading).toMatchObject({ kind: "not-as-shown", formId: "EPACT2-NATIONAL" });
    expect(notShown(reading)).toEqual({
      "Form ID": 'is "EPACT2-NATIONAL" in the document\'s metadata, but "EPACT2-GP" in the line printed at the foot of its pages',
    });
  });

  it("document information and XMP metadata naming different forms", async () => {
    const reading = await read(withMetadataIdentity(await gpForm(), NATIONAL, "xmp"));
    expect(notShown(reading)["Form ID"]).toBe('is "EPACT2-GP" in the document\'s metadata, but "EPACT2-NATIONAL" in the document\'s XMP metadata');
  });

  it("a Form ID field naming another form than the metadata", async () => {
    const earlier = await asEarlierCopy(await gpForm(), { formId: "EPACT2-PCN", version: "1" });
    const reading = await read(withMetadataIdentity(earlier, GP, "info"));
    expect(notShown(reading)["Form ID"]).toBe('is "EPACT2-GP" in the document\'s metadata, but "EPACT2-PCN" in its Form ID field');
  });

  it("another form's line hidden on a flattened copy", async () => {
    const reading = await read(withHiddenLine(await gpForm(true), "Form EPACT2-NATIONAL version 1", "", "white"));
    expect(notShown(reading)["Form ID"]).toBe('is "EPACT2-GP" in the document\'s metadata, but "EPACT2-NATIONAL" in text on its pages that cannot be seen');
  });

  it.each([false, true])("metadata whose form the pages no longer show (flattened: %s)", async (flatten) => {
    const reading = await read(withFooterCovered(await gpForm(flatten)));
    expect(notShown(reading)).toEqual({ "Form ID": 'is "EPACT2-GP" (version "1") in the document\'s metadata, which its pages do not show' });
  });
});
