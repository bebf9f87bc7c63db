import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/organisations/csv-records.ts";

const fieldsOf = (text: string): (readonly string[])[] => parseCsv(text).records.map((r) => r.fields);

describe("CSV records (RFC 4180)", () => {
  it("splits plain fields on commas and records on LF", () => {
    expect(fieldsOf("a,b,c\nd,e,f\n")).toEqual([["a", "b", "c"], ["d", "e", "f"]]);
  });

  it("accepts CRLF line ends and a last line without one", () => {
    expect(fieldsOf("a,b\r\nc,d")).toEqual([["a", "b"], ["c", "d"]]);
  });

  it("keeps commas inside quoted fields", () => {
    expect(fieldsOf('"SMITH, JONES AND PARTNERS",x\n')).toEqual([["SMITH, JONES AND PARTNERS", "x"]]);
  });

  it("reads a doubled quote inside a quoted field as one quote", () => {
    expect(fieldsOf('"THE ""OLD"" SURGERY",""\n')).toEqual([['THE "OLD" SURGERY', ""]]);
  });

  it("keeps empty fields, quoted or not", () => {
    expect(fieldsOf('a,,"",b\n')).toEqual([["a", "", "", "b"]]);
  });

  it("skips a UTF-8 byte order mark at the start", () => {
    expect(fieldsOf("\uFEFFcode,name\n")).toEqual([["code", "name"]]);
  });

  it("numbers each record by the line it starts on, counting line breaks inside quotes", () => {
    const { records } = parseCsv('a\n"two\r\nlines",b\nc\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(records[1]?.fields).toEqual(["two\nlines", "b"]);
  });

  it("reports a quoted field that is never closed, with the line it starts on", () => {
    const { records, problems } = parseCsv('a\nb\n"open,c\nd\n');
    expect(records.map((r) => r.fields)).toEqual([["a"], ["b"]]);
    expect(problems).toEqual([{ line: 3, problem: expect.stringMatching(/never closed/) as unknown }]);
  });

  it("reports a stray quote in an unquoted field and reads on from the next line", () => {
    const { records, problems } = parseCsv('a,b"c\nd,e\n');
    expect(records.map((r) => r.fields)).toEqual([["d", "e"]]);
    expect(problems).toEqual([{ line: 1, problem: expect.stringMatching(/quote inside unquoted field 2/) as unknown }]);
  });

  it("reports text after a closing quote", () => {
    const { problems } = parseCsv('x,"a"b\n');
    expect(problems).toEqual([{ line: 1, problem: expect.stringMatching(/after the closing quote of field 2/) as unknown }]);
  });

  it("gives an empty line as one empty field, and nothing for an empty text", () => {
    expect(fieldsOf("a\n\nb\n")).toEqual([["a"], [""], ["b"]]);
    expect(fieldsOf("")).toEqual([]);
  });
});
