import { describe, expect, it } from "vitest";
import { DirectoryImportError } from "../../src/directory/directory-errors.ts";
import { DIRECTORY_FILE_HEADER, parseDirectoryFile } from "../../src/directory/read-directory-file.ts";

const HEADER = DIRECTORY_FILE_HEADER;
const read = (lines: readonly string[]) => parseDirectoryFile(Buffer.from(lines.join("\r\n")), "authorisers.csv");

/** The problems the file is rejected with. */
function problemsOf(lines: readonly string[]): { line: number; problem: string }[] {
  try {
    read(lines);
  } catch (error) {
    if (error instanceof DirectoryImportError) return [...error.problems];
    throw error;
  }
  throw new Error("the file was accepted");
}

describe("reading a directory file", () => {
  it("normalises every value of a valid line", () => {
    expect(read([HEADER, ' Bob.GP@NHS.Net ,"Dr  Bob, GP",GP Partner,a81001,1/4/2024,31/03/2026'])).toEqual([
      { email: "bob.gp@nhs.net", name: "Dr Bob, GP", role: "gp", organisationCode: "A81001", validFrom: "2024-04-01", validTo: "2026-03-31" },
    ]);
  });

  it("takes role ids and job titles that name one role", () => {
    const entries = read([
      HEADER,
      "a@nhs.net,A,caldicott-guardian,RXX,2024-01-01,",
      "b@nhs.net,B,Caldicott Guardian,RXX,2024-01-01,",
      "c@nhs.net,C,PCN Clinical Director,U12345,2024-01-01,",
      "d@nhs.net,D,Regional Director of Finance,Y56,2024-01-01,",
    ]);
    expect(entries.map((e) => e.role)).toEqual(["caldicott-guardian", "caldicott-guardian", "pcn-clinical-director", "regional-director-of-finance"]);
  });

  it("reads the columns in any order, and valid_to may be left out", () => {
    expect(read(["Organisation_Code,Valid_From,Email,Role,Name", "RXX,2024-01-01,a@nhs.net,nominated-authoriser,A"])).toEqual([
      { email: "a@nhs.net", name: "A", role: "nominated-authoriser", organisationCode: "RXX", validFrom: "2024-01-01", validTo: null },
    ]);
  });

  it("skips blank lines, including the empty rows spreadsheets leave", () => {
    expect(read([HEADER, "", "a@nhs.net,A,gp,A81001,2024-01-01,", ",,,,,", ""])).toHaveLength(1);
  });

  it("a header only is an empty list", () => {
    expect(read([HEADER])).toEqual([]);
  });

  it("reports every bad line with its number and what is wrong", () => {
    expect(
      problemsOf([
        HEADER,
        "good@nhs.net,Good,gp,A81001,2024-01-01,",
        "not-an-address,A,gp,A81001,2024-01-01,",
        "b@nhs.net,B,Practice Manager,A81001,2024-01-01,",
        "c@nhs.net,C,Director of Finance,QHM,2024-01-01,",
        "d@nhs.net,D,gp,A81001,2024-02-30,",
        "e@nhs.net,E,gp,A81001,2024-06-01,2024-05-31",
        "f@nhs.net,F,gp,A1,2024-01-01,",
        "g@nhs.net,,gp,A81001,2024-01-01",
      ]),
    ).toEqual([
      { line: 3, problem: 'email "not-an-address" is not a plausible address' },
      { line: 4, problem: expect.stringMatching(/^role "Practice Manager" is not an authorising role; use one of gp, / ) as unknown },
      { line: 5, problem: 'role "Director of Finance" could be icb-finance-lead or provider-finance-lead or regional-director-of-finance; write the role id instead' },
      { line: 6, problem: 'valid_from "2024-02-30" is not a date (yyyy-mm-dd or dd/mm/yyyy)' },
      { line: 7, problem: "valid_to 2024-05-31 is before valid_from 2024-06-01" },
      { line: 8, problem: 'organisation code "A1" is not 3 to 8 letters and digits' },
      { line: 9, problem: "5 fields, but the header has 6" },
    ]);
  });

  it("gives every problem of one line, not only the first", () => {
    expect(problemsOf([HEADER, "x,,nobody,!,yesterday,"])).toEqual([
      {
        line: 2,
        problem: expect.stringMatching(/^email "x" .*; name is empty; role "nobody" .*; organisation code "!" .*; valid_from "yesterday" is not a date/) as unknown,
      },
    ]);
  });

  it("counts lines as in the file when a quoted name spans two lines", () => {
    expect(problemsOf([HEADER, 'a@nhs.net,"Dr A\r\n(locum)",gp,A81001,2024-01-01,', "bad,B,gp,A81001,2024-01-01,"])).toEqual([
      { line: 4, problem: 'email "bad" is not a plausible address' },
    ]);
  });

  it("refuses the same entry twice, naming the earlier line", () => {
    expect(problemsOf([HEADER, "a@nhs.net,A,gp,A81001,2024-01-01,", "A@NHS.NET,A again,GP,a81001,01/01/2024,2024-12-31"])).toEqual([
      { line: 3, problem: "the same entry (email, role, organisation_code, valid_from) as line 2" },
    ]);
  });

  it("names missing and unknown columns in the header", () => {
    expect(problemsOf(["email,name,role,organisation,valid_from,valid_to", "a@nhs.net,A,gp,A81001,2024-01-01,"])).toEqual([
      { line: 1, problem: `missing column organisation_code; unknown column "organisation"; the first line must be the header ${HEADER}` },
    ]);
  });

  it("says the header is missing when the file starts with data", () => {
    expect(problemsOf(["a@nhs.net,A,gp,A81001,2024-01-01,"])[0]?.problem).toMatch(
      /^missing columns email, name, role, organisation_code, valid_from; unknown columns .*the first line must be the header/,
    );
  });

  it("says an empty file is empty", () => {
    expect(problemsOf([])).toEqual([{ line: 1, problem: expect.stringMatching(/^the file is empty/) as unknown }]);
  });

  it("names the line of a CSV syntax error", () => {
    expect(problemsOf([HEADER, 'a@nhs.net,"A,gp,A81001,2024-01-01,'])).toEqual([{ line: 2, problem: "a quoted field starting on line 2 is never closed" }]);
  });

  it("refuses a file that is not UTF-8, as spreadsheets save 'CSV' in Windows-1252", () => {
    const latin1 = Buffer.concat([Buffer.from(`${HEADER}\r\na@nhs.net,Ren`), Buffer.from([0xe9]), Buffer.from(",gp,A81001,2024-01-01,\r\n")]);
    expect(() => parseDirectoryFile(latin1, "x.csv")).toThrow(/not UTF-8 text/);
  });

  it("lists at most 20 bad lines, and says how many there were", () => {
    const lines = Array.from({ length: 25 }, (_, i) => `bad${i},A,gp,A81001,2024-01-01,`);
    try {
      read([HEADER, ...lines]);
      expect.unreachable();
    } catch (error) {
      if (!(error instanceof DirectoryImportError)) throw error;
      expect(error.problems).toHaveLength(20);
      expect(error.totalProblems).toBe(25);
      expect(error.message).toMatch(/25 bad lines[\s\S]*line 21: [\s\S]*\.\.\. and 5 more$/);
    }
  });
});
