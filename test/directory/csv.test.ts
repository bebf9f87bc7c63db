import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv } from "../../src/directory/csv.ts";

const fields = (text: string): string[][] => parseCsv(text).map((r) => [...r.fields]);

describe("parseCsv (RFC 4180)", () => {
  it("splits records on CRLF, LF and a lone CR, without an empty record at the end", () => {
    expect(fields("a,b\r\nc,d\ne,f\rg,h\r\n")).toEqual([["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]]);
  });

  it("drops a UTF-8 byte order mark", () => {
    expect(fields("\uFEFFemail,name\n")).toEqual([["email", "name"]]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    expect(fields('"Smith, Jo","say ""hi""","two\r\nlines"\n')).toEqual([["Smith, Jo", 'say "hi"', "two\r\nlines"]]);
  });

  it("keeps empty fields, including a trailing one", () => {
    expect(fields('a,,""\nb,\n')).toEqual([["a", "", ""], ["b", ""]]);
  });

  it("numbers each record by the line it starts on", () => {
    const records = parseCsv('h\r\n"one\r\ntwo"\r\n\r\nlast');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 5]);
    expect(records[2]?.fields).toEqual([""]);
  });

  it("names the line where a quoted field is left open", () => {
    expect(() => parseCsv('a\nb\n"never closed\nmore')).toThrow(new CsvSyntaxError(3, "a quoted field is never closed"));
  });

  it("refuses text after a closing quote", () => {
    expect(() => parseCsv('a\n"x"y,z')).toThrow(/line 2: text after a closing quote/);
  });

  it("refuses a quote inside an unquoted field", () => {
    expect(() => parseCsv('a\nO"Brien,x')).toThrow(/line 2: a quote inside an unquoted field/);
  });
});
