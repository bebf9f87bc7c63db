import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  FIELDS,
  FIELD_LABELS,
  FIELD_NAMES,
  FORM_DEFINITIONS,
  FORM_VERSION,
  SECTION_HEADINGS,
  fieldReference,
  fieldReferenceMarkdown,
} from "../../src/forms/definitions.ts";
import { FORM_IDS } from "../../src/forms/registration-form.ts";
import { rolesNamedBy } from "../../src/directory/authoriser-roles.ts";
import { FORM_ROUTES } from "../../src/forms/access-routes.ts";

const AUTHORISER_FIELDS = ["authoriser_name", "authoriser_email", "authoriser_role", "authoriser_phone", "authoriser_declaration", "authorisation_date"];

describe("form definitions", () => {
  it("define all eleven forms, at version 1", () => {
    expect(Object.keys(FORM_DEFINITIONS).sort()).toEqual([...FORM_IDS].sort());
    expect(FORM_VERSION).toBe("1");
  });

  it("give each form a title and a one-line description of its access", () => {
    expect(FORM_DEFINITIONS["EPACT2-FINANCIAL-ICB"].title).toBe("ePACT2: ICB Financial Access");
    for (const definition of Object.values(FORM_DEFINITIONS)) {
      expect(definition.title).toMatch(/^ePACT2: .+ Access$/);
      expect(definition.access).not.toContain("\n");
    }
  });

  it("give every field label exactly once, distinct from every other label", () => {
    const labels = FIELD_NAMES.map((name) => FIELD_LABELS[name]);
    expect(new Set(labels.map((label) => label.toLowerCase())).size).toBe(FIELD_NAMES.length);
    expect(FIELD_LABELS.applicant_email).toBe("Applicant email");
    expect(FIELD_LABELS.authoriser_email).toBe("Authoriser email");
  });

  it("print no heading that the text reader could take for a label", () => {
    for (const heading of Object.values(SECTION_HEADINGS)) {
      for (const label of Object.values(FIELD_LABELS)) expect(heading.startsWith(label)).toBe(false);
    }
  });

  it("put the authoriser on every form but the Default one", () => {
    for (const definition of Object.values(FORM_DEFINITIONS)) {
      const hasAuthoriser = AUTHORISER_FIELDS.map((name) => definition.fields.includes(name as never));
      expect(hasAuthoriser).toEqual(AUTHORISER_FIELDS.map(() => definition.id !== "EPACT2-DEFAULT"));
      expect(definition.authorisedBy === null).toBe(definition.id === "EPACT2-DEFAULT");
    }
  });

  it("offer Create Analysis on the Default form only, and a justification on National and CDAO only", () => {
    const carriers = (name: string) => fieldReference().find((row) => row.name === name)?.forms;
    expect(carriers("create_analysis")).toEqual(["EPACT2-DEFAULT"]);
    expect(carriers("justification")).toEqual(["EPACT2-CDAO", "EPACT2-NATIONAL"]);
    expect(FIELDS.justification.required).toBe(false);
  });

  it("say who authorises each form in words that name a role the rules accept for its route", () => {
    for (const definition of Object.values(FORM_DEFINITIONS)) {
      if (definition.authorisedBy === null) continue;
      const named = rolesNamedBy(definition.authorisedBy);
      expect(named.some((role) => FORM_ROUTES[definition.id].authoriserRoles.includes(role)), definition.id).toBe(true);
    }
  });

  it("allow several organisation codes on the GP form only", () => {
    const multiple = Object.values(FORM_DEFINITIONS).filter((definition) => definition.multipleOrganisationCodes);
    expect(multiple.map((definition) => definition.id)).toEqual(["EPACT2-GP"]);
  });
});

describe("the field reference for the README", () => {
  it("lists every field name once, with its label", () => {
    const markdown = fieldReferenceMarkdown();
    for (const name of FIELD_NAMES) {
      expect(markdown.split("\n").filter((line) => line.startsWith(`| \`${name}\` | ${FIELD_LABELS[name]} |`))).toHaveLength(1);
    }
  });

  it("marks declarations as must be ticked and optional fields as optional", () => {
    const markdown = fieldReferenceMarkdown();
    expect(markdown).toContain("| `applicant_declaration` | Applicant declaration | checkbox | must be ticked | all |");
    expect(markdown).toContain("| `applicant_phone` | Applicant phone | text | no | all |");
  });
});

describe("the README", () => {
  it("prints the field reference as it is", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(fieldReferenceMarkdown());
  });
});

describe("the field reference names the forms briefly", () => {
  it("says which forms lack a field when most have it", () => {
    expect(fieldReferenceMarkdown()).toContain("| `authoriser_email` | Authoriser email | text | yes | all except EPACT2-DEFAULT |");
    expect(fieldReferenceMarkdown()).toContain("| `justification` | Justification | multiline | asked for; a form without it is refused by the rules | EPACT2-CDAO, EPACT2-NATIONAL |");
  });
});
