// The text reader on its own, fed positioned text items as pdf.js reports them.
import { describe, expect, it } from "vitest";
import { linesOf, valuesFromText } from "../../src/forms/read-text.ts";

interface Item {
  text: string;
  x: number;
  y: number;
  width?: number;
}

function read(items: readonly Item[]) {
  const lines = linesOf(items.map((item) => ({ ...item, width: item.width ?? item.text.length * 5 })));
  return Object.fromEntries(valuesFromText([{ lines }]));
}

describe("the text of a flattened form", () => {
  it("pairs each label with the value on its line, whatever order the items come in", () => {
    const items: Item[] = [
      { text: "alice.applicant@nhs.net", x: 202, y: 361.1 },
      { text: "Applicant first name", x: 50, y: 310 },
      { text: "Applicant email", x: 50, y: 361.5 },
      { text: "Alice", x: 202, y: 309.6 },
    ];
    expect(read(items)).toEqual({ applicant_first_name: "Alice", applicant_email: "alice.applicant@nhs.net" });
  });

  it("reads an empty value as empty text", () => {
    expect(read([{ text: "Applicant phone", x: 50, y: 100 }])).toEqual({ applicant_phone: "" });
  });

  it("does not take the hint under a box for the value of the next line", () => {
    const items: Item[] = [
      { text: "Applicant phone", x: 50, y: 423 },
      { text: "Optional.", x: 200, y: 439 },
    ];
    expect(read(items)).toEqual({ applicant_phone: "" });
  });

  it("reads a value written in the same run as its label", () => {
    expect(read([{ text: "Organisation code: QHM", x: 50, y: 100 }])).toEqual({ organisation_code: "QHM" });
  });

  it("does not mistake a label inside other text for a label", () => {
    expect(read([{ text: "The Authoriser email must be an NHS address", x: 50, y: 100 }])).toEqual({});
  });

  it("keeps the first occurrence of a label", () => {
    const items: Item[] = [
      { text: "Form ID", x: 50, y: 100 },
      { text: "EPACT2-GP", x: 202, y: 100 },
      { text: "Form ID", x: 50, y: 900 },
      { text: "EPACT2-NATIONAL", x: 202, y: 900 },
    ];
    expect(read(items)).toEqual({ form_id: "EPACT2-GP" });
  });
});

describe("checkboxes in the text", () => {
  it.each(["4", "\u2714", "X", "x"])("a mark %s left of the label is a tick", (mark) => {
    expect(read([{ text: mark, x: 51, y: 100, width: 8 }, { text: "Applicant declaration", x: 68, y: 100 }])).toEqual({
      applicant_declaration: true,
    });
  });

  it("a label with no mark is unticked", () => {
    expect(read([{ text: "Applicant declaration", x: 68, y: 100 }])).toEqual({ applicant_declaration: false });
  });

  it("a mark run together with the label is a tick", () => {
    expect(read([{ text: "4 Authoriser declaration", x: 51, y: 100 }])).toEqual({ authoriser_declaration: true });
  });
});

describe("the multi-line justification", () => {
  const box: Item[] = [
    { text: "Justification", x: 50, y: 637.9, width: 52 },
    { text: "We produce the annual national report on", x: 202, y: 637.5 },
    { text: "antimicrobial prescribing in England.", x: 202, y: 648.6 },
  ];

  it("reads the lines of the box, to the right of the label", () => {
    expect(read(box)).toEqual({ justification: "We produce the annual national report on\nantimicrobial prescribing in England." });
  });

  it("stops at text that starts in the label column, such as a footer", () => {
    expect(read([...box, { text: "EPACT2-NATIONAL version 1, page 1 of 2", x: 50, y: 660 }]).justification).toBe(
      "We produce the annual national report on\nantimicrobial prescribing in England.",
    );
  });

  it("stops at the next label", () => {
    const values = read([...box, { text: "Applicant declaration", x: 203, y: 660 }]);
    expect(values).toEqual({
      justification: "We produce the annual national report on\nantimicrobial prescribing in England.",
      applicant_declaration: false,
    });
  });

  it("stops at a large gap", () => {
    expect(read([...box, { text: "Page note", x: 300, y: 800 }]).justification).toBe(
      "We produce the annual national report on\nantimicrobial prescribing in England.",
    );
  });
});

describe("characters validation must see", () => {
  it("hands on a byte order mark that String.trim() would drop", () => {
    expect(read([{ text: "Applicant first name", x: 50, y: 100 }, { text: "Alice\ufeff", x: 202, y: 100 }])).toEqual({
      applicant_first_name: "Alice\ufeff",
    });
  });

  it("hands on an invisible character run together with its label", () => {
    expect(read([{ text: "Authoriser name\u200bBob", x: 50, y: 100 }])).toEqual({ authoriser_name: "\u200bBob" });
  });

  it("hands on a value that is nothing but a byte order mark", () => {
    expect(read([{ text: "Applicant last name", x: 50, y: 100 }, { text: "\ufeff", x: 202, y: 100 }])).toEqual({ applicant_last_name: "\ufeff" });
  });
});

describe("prose that happens to start like a label", () => {
  it("a bullet before a text field's label is not a tick mark run into a label", () => {
    expect(read([{ text: "\u2022 Authoriser email must be the address the form comes from", x: 50, y: 100 }])).toEqual({});
  });
});
