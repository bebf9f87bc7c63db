import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fillForm } from "../../src/forms/generate-form.ts";
import { sampleValues } from "../../fixtures/sample-values.ts";
import { readRegistrationForm } from "../../src/forms/read-form.ts";
import type { FormReading } from "../../src/forms/registration-form.ts";
import { encryptPdf } from "./support/encrypt-pdf.ts";
import { asEarlierCopy, withMetadataIdentity } from "./support/identity-edits.ts";
import { imageOnlyPdf, invoicePdf } from "./support/other-pdfs.ts";

const OPTIONS = { maxBytes: 10 * 1024 * 1024 };

async function filledGpForm(options: { flatten?: boolean } = {}): Promise<Uint8Array> {
  return fillForm("EPACT2-GP", sampleValues("EPACT2-GP"), options);
}

function problemOf(reading: FormReading): string {
  return reading.kind === "unreadable" ? reading.problem : `not unreadable: ${reading.kind}`;
}

function detailOf(reading: FormReading): string {
  return reading.kind === "unreadable" || reading.kind === "unknown" ? reading.detail : `no detail: ${reading.kind}`;
}

describe("attachments that cannot be read", () => {
  it("an empty file is empty", async () => {
    expect(problemOf(await readRegistrationForm(new Uint8Array(0), OPTIONS))).toBe("empty");
  });

  it("a 30 MB attachment is too large, refused before it is parsed (a valid form at its head changes nothing)", async () => {
    const huge = new Uint8Array(30 * 1024 * 1024);
    huge.set(await filledGpForm());
    const reading = await readRegistrationForm(huge, OPTIONS);
    expect(reading).toEqual({
      kind: "unreadable",
      problem: "too-large",
      detail: `The file is ${huge.length} bytes; the limit is ${OPTIONS.maxBytes} bytes.`,
    });
  });

  it("a text file named .pdf is not a PDF", async () => {
    const text = new TextEncoder().encode("Please find my registration form attached.\n");
    expect(problemOf(await readRegistrationForm(text, OPTIONS))).toBe("not-pdf");
  });

  it("a PDF header after other bytes is not a PDF", async () => {
    const form = await filledGpForm();
    const prefixed = new Uint8Array([...new TextEncoder().encode("<html>"), ...form]);
    expect(problemOf(await readRegistrationForm(prefixed, OPTIONS))).toBe("not-pdf");
  });

  it("a PDF header after a byte-order mark and whitespace is accepted", async () => {
    const form = await filledGpForm();
    const prefixed = new Uint8Array([0xef, 0xbb, 0xbf, 0x0d, 0x0a, ...form]);
    expect((await readRegistrationForm(prefixed, OPTIONS)).kind).toBe("read");
  });

  it("a form cut in half is corrupt (its end-of-file marker is gone)", async () => {
    const form = await filledGpForm();
    const reading = await readRegistrationForm(form.slice(0, form.length >> 1), OPTIONS);
    expect(problemOf(reading)).toBe("corrupt");
    expect(detailOf(reading)).toContain("truncated");
  });

  it("a form cut in half and given a new end-of-file marker is still corrupt (the parser fails)", async () => {
    const form = await filledGpForm();
    const patched = new Uint8Array([...form.slice(0, form.length >> 1), ...new TextEncoder().encode("\n%%EOF\n")]);
    const reading = await readRegistrationForm(patched, OPTIONS);
    expect(problemOf(reading)).toBe("corrupt");
    expect(detailOf(reading)).toContain("could not be parsed");
  });

  it("a password-protected form is encrypted", async () => {
    const locked = await encryptPdf(await filledGpForm(), { user: "open-sesame", owner: "owner-secret" });
    expect(problemOf(await readRegistrationForm(locked, OPTIONS))).toBe("encrypted");
  });

  it("the password-protected fixture is a genuine PDF: with the password, pdf.js reads the form in it", async () => {
    const locked = await encryptPdf(await filledGpForm(), { user: "open-sesame", owner: "owner-secret" });
    const doc = await getDocument({ data: locked.slice(), password: "open-sesame", verbosity: 0 }).promise;
    try {
      const fields = await doc.getFieldObjects();
      expect(fields?.applicant_email?.some((widget) => "value" in widget && widget.value === "alice.applicant@nhs.net")).toBe(true);
    } finally {
      await doc.destroy();
    }
  });

  it("a page with only a picture and boxes is image-only", async () => {
    expect(problemOf(await readRegistrationForm(await imageOnlyPdf(), OPTIONS))).toBe("image-only");
  });
});

describe("PDFs that are not our forms", () => {
  it("a PDF with other text is unknown", async () => {
    const reading = await readRegistrationForm(await invoicePdf(), OPTIONS);
    expect(reading.kind).toBe("unknown");
    expect(detailOf(reading)).toContain("no Form ID");
  });

  it("a form ID that is not ours, in the metadata, is unknown", async () => {
    const bytes = await withMetadataIdentity(await filledGpForm(), { formId: "EPACT3-GP", version: "1" }, "both");
    expect(await readRegistrationForm(bytes, OPTIONS)).toEqual({
      kind: "unknown",
      detail: 'Form ID "EPACT3-GP" (from the document\'s metadata) is not an ePACT2 registration form.',
    });
  });

  it("a form ID that is not ours, in a Form ID field, is unknown", async () => {
    const bytes = await asEarlierCopy(await filledGpForm(), { formId: "EPACT3-GP", version: "1" });
    expect(await readRegistrationForm(bytes, OPTIONS)).toEqual({
      kind: "unknown",
      detail: 'Form ID "EPACT3-GP" (from its Form ID field) is not an ePACT2 registration form.',
    });
  });

  it("our form ID with an unknown version in the metadata is unknown", async () => {
    const bytes = await withMetadataIdentity(await filledGpForm({ flatten: true }), { formId: "EPACT2-GP", version: "2" }, "both");
    expect(await readRegistrationForm(bytes, OPTIONS)).toEqual({
      kind: "unknown",
      detail: 'EPACT2-GP form version "2" is not supported (this processor reads version 1).',
    });
  });

  for (const flatten of [false, true]) {
    it(`our form ID with an unknown version in a Form version field is unknown (${flatten ? "flattened" : "fillable"})`, async () => {
      const bytes = await asEarlierCopy(await filledGpForm(), { formId: "EPACT2-GP", version: "2" }, { flatten });
      expect(await readRegistrationForm(bytes, OPTIONS)).toEqual({
        kind: "unknown",
        detail: 'EPACT2-GP form version "2" is not supported (this processor reads version 1).',
      });
    });
  }
});

describe("reading stays quiet, offline and quick", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("writes nothing to the console and fetches nothing, even for damaged files", async () => {
    const form = await filledGpForm();
    const inputs = [
      form,
      await filledGpForm({ flatten: true }),
      new Uint8Array([...form.slice(0, form.length >> 1), ...new TextEncoder().encode("\n%%EOF\n")]),
      await imageOnlyPdf(),
    ];
    const consoleCalls = [vi.spyOn(console, "log"), vi.spyOn(console, "warn"), vi.spyOn(console, "error")];
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    for (const bytes of inputs) await readRegistrationForm(bytes, OPTIONS);
    expect(consoleCalls.flatMap((spy) => spy.mock.calls)).toEqual([]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("does not detach the caller's bytes", async () => {
    const form = await filledGpForm();
    await readRegistrationForm(form, OPTIONS);
    expect(form.byteLength).toBeGreaterThan(0);
    expect((await readRegistrationForm(form, OPTIONS)).kind).toBe("read");
  });
});
