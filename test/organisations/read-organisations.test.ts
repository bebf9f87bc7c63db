// Reading organisations files: the three layouts, how each is recognised, and how a bad file
// is rejected with every bad line named.
import { describe, expect, it } from "vitest";
import { MAX_REPORTED_PROBLEMS, OrganisationImportError, type ImportProblem } from "../../src/organisations/import-problems.ts";
import { readOrganisations, type ReadOrganisationsOptions } from "../../src/organisations/read-organisations.ts";
import { currentFile, legacyFile, legacyRow, plainCsv } from "./organisation-files.ts";

function problemsOf(content: string | Uint8Array, options: ReadOrganisationsOptions = {}): readonly ImportProblem[] {
  try {
    readOrganisations(content, options);
  } catch (error) {
    if (error instanceof OrganisationImportError) return error.problems;
    throw error;
  }
  throw new Error("the file was accepted");
}

describe("epraccur, legacy layout", () => {
  it("reads code, name, commissioner as parent, and setting 4 as a GP practice", () => {
    const file = readOrganisations(legacyFile([{ code: "z00001", name: "TEST SURGERY", commissioner: "00x", setting: "4" }]));
    expect(file).toEqual({
      format: "epraccur-legacy",
      organisations: [{ code: "Z00001", name: "TEST SURGERY", type: "gp-practice", parentCode: "00X", status: "open" }],
    });
  });

  it.each(["0", "1", "8", "13"])("reads prescribing setting %s as a prescribing cost centre", (setting) => {
    expect(readOrganisations(legacyFile([{ code: "Z00002", setting }])).organisations[0]?.type).toBe("prescribing-cost-centre");
  });

  it.each([
    ["A", "open"],
    ["P", "open"],
    ["C", "closed"],
    ["D", "closed"],
  ])("reads status code %s as %s", (status, expected) => {
    expect(readOrganisations(legacyFile([{ code: "Z00003", status }])).organisations[0]?.status).toBe(expected);
  });

  it("takes an empty commissioner as no parent", () => {
    expect(readOrganisations(legacyFile([{ code: "Z00004", commissioner: "" }])).organisations[0]?.parentCode).toBeNull();
  });

  it("keeps a comma inside a quoted name", () => {
    expect(readOrganisations(legacyFile([{ code: "Z00005", name: "DR A, DR B AND PARTNERS" }])).organisations[0]?.name).toBe(
      "DR A, DR B AND PARTNERS",
    );
  });
});

describe("epraccur, current layout", () => {
  it("reads ACTIVE with RO76 among the roles as an open GP practice", () => {
    expect(readOrganisations(currentFile([{ code: "Z10001", name: "TEST HEALTH CENTRE", roles: "RO177|RO76", parent: "D4U1Y" }]))).toEqual({
      format: "epraccur-current",
      organisations: [{ code: "Z10001", name: "TEST HEALTH CENTRE", type: "gp-practice", parentCode: "D4U1Y", status: "open" }],
    });
  });

  it("reads RO177 without RO76 as a prescribing cost centre, and INACTIVE as closed", () => {
    const [organisation] = readOrganisations(currentFile([{ code: "Z10002", roles: "RO177", status: "INACTIVE" }])).organisations;
    expect(organisation).toMatchObject({ type: "prescribing-cost-centre", status: "closed" });
  });

  it("rejects roles that include neither RO76 nor RO177", () => {
    expect(problemsOf(currentFile([{ code: "Z10003" }, { code: "Z10004", roles: "RO98" }]))).toEqual([
      { line: 2, problem: expect.stringMatching(/roles \(column 4\) "RO98" include neither RO76 .* nor RO177/) as unknown },
    ]);
  });

  it("rejects a status other than ACTIVE or INACTIVE", () => {
    expect(problemsOf(currentFile([{ code: "Z10005" }, { code: "Z10006", status: "DORMANT" }]))).toEqual([
      { line: 2, problem: 'status (column 3) "DORMANT" is not ACTIVE or INACTIVE' },
    ]);
  });
});

describe("plain CSV", () => {
  it("reads each kind of organisation with its parent", () => {
    const file = readOrganisations(
      plainCsv([
        "QHM,NORTH TEST INTEGRATED CARE BOARD,icb,Y99,open",
        "92G,TEST SUB-ICB LOCATION,sub-icb-location,QHM,open",
        "D4U1Y,ANOTHER SUB-ICB LOCATION,sub-icb-location,QHM,open",
        "U12345,TEST PCN,pcn,92G,open",
        "RXX,TEST HOSPITALS NHS TRUST,nhs-trust,,closed",
        "RXX01,TEST GENERAL HOSPITAL,nhs-trust,RXX,open",
      ]),
    );
    expect(file.format).toBe("csv");
    expect(file.organisations.map((o) => [o.code, o.type, o.parentCode, o.status])).toEqual([
      ["QHM", "icb", "Y99", "open"],
      ["92G", "sub-icb-location", "QHM", "open"],
      ["D4U1Y", "sub-icb-location", "QHM", "open"],
      ["U12345", "pcn", "92G", "open"],
      ["RXX", "nhs-trust", null, "closed"],
      ["RXX01", "nhs-trust", "RXX", "open"],
    ]);
  });

  it.each([
    ["sub-ICB location", "sub-icb-location"],
    ["Integrated Care Board (ICB)", "icb"],
    ["integrated care board", "icb"],
    ["PCN", "pcn"],
    ["Sub ICB Location", "sub-icb-location"],
    ["Commissioning Support Unit", "csu"],
  ])("accepts the type written as %j", (written, type) => {
    const code = type === "pcn" ? "U00001" : "ABC";
    expect(readOrganisations(plainCsv([`${code},X,"${written}",,open`])).organisations[0]?.type).toBe(type);
  });

  it.each([
    ["active", "open"],
    ["INACTIVE", "closed"],
    ["Closed", "closed"],
  ])("accepts status %s as %s", (written, status) => {
    expect(readOrganisations(plainCsv([`QHM,X,icb,,${written}`])).organisations[0]?.status).toBe(status);
  });

  it("reads quoted names with commas and doubled quotes", () => {
    const [organisation] = readOrganisations(plainCsv(['5AB,"TEST BOROUGH COUNCIL, PUBLIC HEALTH ""EAST""",local-authority,,open'])).organisations;
    expect(organisation?.name).toBe('TEST BOROUGH COUNCIL, PUBLIC HEALTH "EAST"');
  });

  it("reads the columns in any order, by their header names", () => {
    const file = readOrganisations("status,parent_code,type,name,code\nopen,,icb,TEST ICB,QHM\n");
    expect(file.organisations).toEqual([{ code: "QHM", name: "TEST ICB", type: "icb", parentCode: null, status: "open" }]);
  });

  it("reads a file saved with a byte order mark and CRLF line ends", () => {
    const bytes = new TextEncoder().encode(`\uFEFF${plainCsv(["QHM,TEST ICB,icb,,open"], "\r\n")}`);
    expect(readOrganisations(bytes)).toEqual({
      format: "csv",
      organisations: [{ code: "QHM", name: "TEST ICB", type: "icb", parentCode: null, status: "open" }],
    });
  });

  it("rejects a header that lacks a column", () => {
    expect(problemsOf("code,name,type,status\nQHM,X,icb,open\n")).toEqual([
      { line: 1, problem: expect.stringMatching(/missing column parent_code/) as unknown },
    ]);
  });

  it("rejects a file with a header and no organisations", () => {
    expect(problemsOf(plainCsv([]))).toEqual([{ line: 1, problem: "the file holds no organisations after its header row" }]);
  });
});

describe("code shapes", () => {
  it.each([
    ["U1234", "pcn", /"U" and five digits/],
    ["X12345", "pcn", /"U" and five digits/],
    ["QHMX", "icb", /3 letters or digits/],
    ["92GA", "sub-icb-location", /3 or 5/],
    ["RXX0", "nhs-trust", /3 or 5/],
    ["A1", "gp-practice", /3 to 8/],
    ["A1-001", "gp-practice", /3 to 8/],
  ])("rejects %s as a %s code", (code, type, expected) => {
    expect(problemsOf(plainCsv([`${code},X,${type},,open`]))).toEqual([{ line: 2, problem: expect.stringMatching(expected) as unknown }]);
  });

  it("reads no structure into practice codes beyond 3 to 8 letters or digits", () => {
    expect(readOrganisations(plainCsv(["ABC,X,gp-practice,,open", "ZZZZ9999,Y,gp-practice,,open"])).organisations).toHaveLength(2);
  });
});

describe("recognising the layout", () => {
  it.each([
    ["epraccur-legacy", legacyFile([{ code: "Z00001" }])],
    ["epraccur-current", currentFile([{ code: "Z00001" }])],
    ["csv", plainCsv(["QHM,TEST ICB,icb,,open"])],
  ])("recognises %s from its first row", (format, content) => {
    expect(readOrganisations(content).format).toBe(format);
  });

  it("rejects a file whose first row fits no layout, saying how to name one", () => {
    expect(problemsOf("a,b,c\n")).toEqual([{ line: 1, problem: expect.stringMatching(/cannot tell the layout.*--format/) as unknown }]);
  });

  it("reads the file in a layout named with --format, and rejects it when it does not fit", () => {
    expect(readOrganisations(legacyFile([{ code: "Z00001" }]), { format: "epraccur-legacy" }).format).toBe("epraccur-legacy");
    expect(problemsOf(legacyFile([{ code: "Z00001" }]), { format: "epraccur-current" })).toEqual([
      { line: 1, problem: "expected 8 columns, found 27" },
    ]);
    expect(problemsOf(legacyFile([{ code: "Z00001" }]), { format: "csv" })).toEqual([
      { line: 1, problem: expect.stringMatching(/no header row/) as unknown },
    ]);
  });

  it("rejects an empty file", () => {
    expect(problemsOf("\n\n")).toEqual([{ line: 1, problem: "the file holds no organisations" }]);
  });
});

describe("a bad file", () => {
  it("is rejected with every bad line and what is wrong with it", () => {
    const content = plainCsv([
      "QHM,TEST ICB,icb,,open",
      "U123,BAD PCN,pcn,QHM,open",
      "92G,TEST SUB-ICB LOCATION,sub-icb-location,QHM",
      "RXX,TEST TRUST,hospital,,open",
      "RYY,OTHER TRUST,nhs-trust,,maybe",
      "QHM,TEST ICB AGAIN,icb,,open",
      "92H,,sub-icb-location,QHM,open",
    ]);
    expect(problemsOf(content)).toEqual([
      { line: 3, problem: 'code "U123" is not a valid pcn code (expected "U" and five digits, e.g. U12345)' },
      { line: 4, problem: "expected 5 columns, found 4" },
      { line: 5, problem: 'unknown organisation type "hospital"' },
      { line: 6, problem: 'status "maybe" is not open or closed (or active, inactive)' },
      { line: 7, problem: "code QHM is also on line 2 (duplicate code)" },
      { line: 8, problem: "the name is empty" },
    ]);
  });

  it("names the file and every problem in the error message", () => {
    expect(() => readOrganisations(plainCsv(["U123,BAD PCN,pcn,,open"]), { source: "pcns.csv" })).toThrow(
      /^pcns\.csv was not imported, nothing was changed \(1 problem\):\n {2}line 2: code "U123"/,
    );
  });

  it("reports a legacy row with the wrong column count, bad status and bad setting by line", () => {
    const good = legacyFile([{ code: "Z00001" }]);
    const short = `${legacyRow({ code: "Z00002" }).slice(0, 26).map((f) => `"${f}"`).join(",")}\r\n`;
    const bad = legacyFile([{ code: "Z00003", status: "X", setting: "" }, { code: "Z00001" }]);
    expect(problemsOf(good + short + bad)).toEqual([
      { line: 2, problem: "expected 27 columns, found 26" },
      {
        line: 3,
        problem: 'status code (column 13) "X" is not one of A, C, D, P; prescribing setting (column 26) "" is not a number',
      },
      { line: 4, problem: "code Z00001 is also on line 1 (duplicate code)" },
    ]);
  });

  it("rejects a date that is not YYYYMMDD, a sign of shifted columns", () => {
    expect(problemsOf(legacyFile([{ code: "Z00001", openDate: "TESTTOWN" }]))).toEqual([
      { line: 1, problem: 'open date (column 11) "TESTTOWN" is not a date (expected YYYYMMDD)' },
    ]);
  });

  it("lists the first problems and counts the rest", () => {
    const rows = Array.from({ length: 30 }, (_, i) => `U${i},BAD PCN ${i},pcn,,open`);
    try {
      readOrganisations(plainCsv(rows));
      expect.unreachable();
    } catch (error) {
      const importError = error as OrganisationImportError;
      expect(importError.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
      expect(importError.problemCount).toBe(30);
      expect(importError.message).toMatch(/30 problems[\s\S]*line 21:[\s\S]*\.\.\. and 10 more$/);
    }
  });

  it("reports broken quoting by line along with the other problems", () => {
    expect(problemsOf(plainCsv(['QHM,TEST "ICB",icb,,open', "U1,BAD,pcn,,open"]))).toEqual([
      { line: 2, problem: expect.stringMatching(/quote inside unquoted field 2/) as unknown },
      { line: 3, problem: expect.stringMatching(/not a valid pcn code/) as unknown },
    ]);
  });

  it("reports lines that are not UTF-8", () => {
    const bytes = Buffer.concat([Buffer.from(plainCsv(["QHM,TEST ICB,icb,,open"])), Buffer.from([0x52, 0x58, 0x58, 0x2c, 0xe9, 0x2c]), Buffer.from("nhs-trust,,open\n")]);
    expect(problemsOf(bytes)).toEqual([{ line: 3, problem: "not UTF-8 text (save the file as CSV UTF-8)" }]);
  });
});
