// A form is read only when what it holds is what its pages show: hidden or altered values make
// it "not-as-shown", each field named by its printed label. The forms are the project's own,
// altered with pdf-lib as someone tampering with a form after its authoriser saw it would.
import { beforeAll, describe, expect, it } from "vitest";
import { fillForm } from "../../src/forms/generate-form.ts";
import { sampleValues } from "../../fixtures/sample-values.ts";
import { readRegistrationForm } from "../../src/forms/read-form.ts";
import type { FormReading } from "../../src/forms/registration-form.ts";
import {
  MALLORY,
  withAppearanceWrapped,
  withBlankTick,
  withHiddenLine,
  withSecondWidget,
  withTickHeld,
  withTickShown,
  withValueChanged,
  withWidget,
} from "./support/hostile-forms.ts";
import type { HiddenTextStyle, WidgetChange } from "./support/hostile-forms.ts";

const OPTIONS = { maxBytes: 10 * 1024 * 1024 };

// Alice's GP form, fillable and flattened, is made once: every test alters its own copy.
let fillableForm: Uint8Array;
let flattenedForm: Uint8Array;
beforeAll(async () => {
  fillableForm = await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"));
  flattenedForm = await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"), { flatten: true });
});

const fillable = (): Promise<Uint8Array> => Promise.resolve(fillableForm.slice());
const flattened = (): Promise<Uint8Array> => Promise.resolve(flattenedForm.slice());

/** The labels of the fields a reading says are not as shown, with what it says of each. */
function notShown(reading: FormReading): Record<string, string> {
  if (reading.kind !== "not-as-shown") throw new Error(`expected not-as-shown, got ${JSON.stringify(reading)}`);
  return Object.fromEntries(reading.problems.map((problem) => [problem.label, problem.problem]));
}

async function read(bytes: Promise<Uint8Array>): Promise<FormReading> {
  return readRegistrationForm(await bytes, OPTIONS);
}

describe("a fillable form: each field is what its box shows", () => {
  it("a value changed after its box was drawn is not as shown, and both are quoted", async () => {
    const reading = await read(withValueChanged(await fillable(), "applicant_email", MALLORY));
    expect(reading).toMatchObject({ kind: "not-as-shown", formId: "EPACT2-GP", path: "fields" });
    expect(notShown(reading)).toEqual({
      "Applicant email": `shows "alice.applicant@nhs.net" where the form holds "${MALLORY}"`,
    });
  });

  it("a value lengthened after its box was drawn names the part the box leaves out", async () => {
    const reading = await read(withValueChanged(await fillable(), "applicant_email", "alice.applicant@nhs.net.evil.example"));
    expect(notShown(reading)).toEqual({
      "Applicant email": 'shows only the first 23 of the 36 characters the form holds; the rest, ".evil.example", is not shown',
    });
  });

  it("a declaration ticked in its value (/V) but shown unticked (/AS Off) is not as shown", async () => {
    const reading = await read(withTickShown(await fillable(), "authoriser_declaration", "Off"));
    expect(Object.keys(notShown(reading))).toEqual(["Authoriser declaration"]);
  });

  it("a box shown ticked (/AS) whose value (/V) is Off is not as shown", async () => {
    const reading = await read(withTickHeld(await fillable(), "applicant_declaration", "Off"));
    expect(Object.keys(notShown(reading))).toEqual(["Applicant declaration"]);
  });

  it("a ticked box whose ticked appearance draws no tick is not as shown", async () => {
    const reading = await read(withBlankTick(await fillable(), "authoriser_declaration"));
    expect(notShown(reading)["Authoriser declaration"]).toMatch(/^is ticked in the form, but the page shows no tick/u);
  });

  it.each<[WidgetChange, RegExp]>([
    ["hidden", /its box is marked hidden/u],
    ["no-view", /its box is marked hidden/u],
    ["zero-size", /its box has no size/u],
    ["off-page", /its box is outside the page/u],
    ["no-appearance", /nothing is drawn in its box/u],
  ])("a field whose box is %s does not show its value", async (change, why) => {
    const reading = await read(withWidget(await fillable(), "applicant_email", change));
    expect(notShown(reading)["Applicant email"]).toMatch(why);
  });

  it("a field with two boxes showing different things is ambiguous", async () => {
    const reading = await read(withSecondWidget(await fillable(), "applicant_email", "authoriser_email"));
    expect(notShown(reading)).toEqual({
      "Applicant email": 'shows "bob.authoriser@nhs.net" in one box and "alice.applicant@nhs.net" in another',
    });
  });

  it.each<[string, { before?: string; after?: string }, RegExp]>([
    ["invisible text (render mode 3)", { before: "3 Tr" }, /drawn as invisible text/u],
    ["painted over by its own box", { after: "q 1 g 0 0 400 30 re f Q" }, /painted over/u],
    ["scaled to a twentieth", { before: "q 0.05 0 0 0.05 0 0 cm", after: "Q" }, /too small to read/u],
  ])("a box that draws its value as %s does not show it", async (_how, wrap, why) => {
    const reading = await read(withAppearanceWrapped(await fillable(), "applicant_email", wrap));
    expect(notShown(reading)["Applicant email"]).toMatch(why);
  });

  it("a box showing more than its value shows something else", async () => {
    const reading = await read(withAppearanceWrapped(await fillable(), "applicant_email", { after: "BT /Helv 10 Tf 250 5 Td (or me) Tj ET" }));
    expect(notShown(reading)["Applicant email"]).toBe('shows "alice.applicant@nhs.net or me" where the form holds "alice.applicant@nhs.net"');
  });

  it("quotes hostile text printable and cut short", async () => {
    const hostile = `\u0007\u001b[31m${"x".repeat(300)}\u202e`;
    const reading = await read(withValueChanged(await fillable(), "applicant_email", hostile));
    const problem = notShown(reading)["Applicant email"] ?? "";
    expect(problem).toMatch(/^[\x20-\x7e]+$/u);
    expect(problem.length).toBeLessThan(120);
  });
});

describe("a flattened form: the text read is the text seen", () => {
  it.each<HiddenTextStyle>([
    "render-mode-3",
    "render-mode-7",
    "white",
    "transparent",
    "covered",
    "covered-by-picture",
    "tiny",
    "squeezed",
    "outside-crop-box",
    "clipped",
    "hidden-layer",
    "space-glyphs",
    "empty-type3-glyphs",
  ])("a competing applicant email hidden as %s is not as shown", async (style) => {
    const reading = await read(withHiddenLine(await flattened(), "Applicant email", MALLORY, style));
    expect(reading).toMatchObject({ kind: "not-as-shown", formId: "EPACT2-GP", path: "text" });
    expect(notShown(reading)["Applicant email"]).toMatch(new RegExp(`^is read as "${MALLORY}", but the page shows "alice.applicant@nhs.net"`, "u"));
  });

  it("names why the text cannot be seen", async () => {
    const reading = await read(withHiddenLine(await flattened(), "Applicant email", MALLORY, "covered"));
    expect(notShown(reading)["Applicant email"]).toMatch(/\(text on the page is painted over\)$/u);
  });
});

describe("a value longer than its box", () => {
  // About 900 characters where the box shows about 600. (Filling a multiline value takes time
  // that grows much faster than its length: twice this costs some ten seconds a form.)
  const justification = "We produce the national report on antimicrobial prescribing. ".repeat(15).trim();

  it("is not as shown when fillable: its box shows only the start", async () => {
    const reading = await read(fillForm("EPACT2-NATIONAL", sampleValues("EPACT2-NATIONAL", { justification })));
    expect(notShown(reading).Justification).toMatch(/^shows only the first \d+ of the \d+ characters the form holds/u);
  });

  it("is not as shown when flattened: the text runs out of sight", async () => {
    const reading = await read(fillForm("EPACT2-NATIONAL", sampleValues("EPACT2-NATIONAL", { justification }), { flatten: true }));
    expect(notShown(reading).Justification).toMatch(/^is read from \d+ characters of text, of which the page shows only the first \d+/u);
  });
});

describe("no false alarms", () => {
  it("hidden text that competes with no field changes nothing", async () => {
    const reading = await read(withHiddenLine(await flattened(), "Printed by", "a print driver", "render-mode-3"));
    expect(reading).toMatchObject({ kind: "read", path: "text" });
  });

  it("an unticked box shown unticked is read, unticked", async () => {
    const values = sampleValues("EPACT2-DEFAULT", { create_analysis: false });
    for (const flatten of [false, true]) {
      const reading = await read(fillForm("EPACT2-DEFAULT", values, { flatten }));
      expect(reading.kind === "read" && reading.form.createAnalysis).toBe(false);
    }
  });
});
