// The operator log as the processor writes it: the real createLogger in its own process,
// its stderr bytes checked for control characters.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const LOGGER = path.resolve(import.meta.dirname, "../../src/log/logger.ts");
const HOSTILE = "\u001b]0;pwned\u0007 \u009b31m \u202eexe \u2028";
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

/** What createLogger("debug", { format }) writes on stderr for this script, decoded strictly. */
function written(format: "json" | "text", script: string): string {
  const program = `const { createLogger } = await import(${JSON.stringify(LOGGER)}); const log = createLogger("debug", { format: ${JSON.stringify(format)} }); ${script}`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", program], { timeout: 30_000 });
  expect(result.status).toBe(0);
  return new TextDecoder("utf-8", { fatal: true }).decode(result.stderr).trimEnd();
}

/** The JSON entry written for this script, parsed, with the raw line. */
function logged(script: string): { line: string; entry: Record<string, unknown> } {
  const line = written("json", script);
  return { line, entry: JSON.parse(line) as Record<string, unknown> };
}

describe("the operator log", () => {
  it("writes no control character of the message or of metadata, however deep", () => {
    const hostile = JSON.stringify(HOSTILE);
    const { line, entry } = logged(
      `log.warn(${hostile}, { messageId: ${hostile}, nested: { list: [${hostile}], [${hostile}]: 1 }, when: new Date(0) });`,
    );
    expect(line).not.toMatch(UNSAFE);
    const shown = "\\x1b]0;pwned\\x07 \\x9b31m \\u202eexe \\u2028";
    expect(entry).toMatchObject({
      level: "warn",
      message: shown,
      messageId: shown,
      nested: { list: [shown], [shown]: 1 },
      when: "1970-01-01T00:00:00.000Z",
    });
  });

  it("leaves ordinary entries as they were", () => {
    const { entry } = logged(`log.info("message decided", { messageId: "<a.b@nhs.net>", outcome: "accepted", count: 2 });`);
    expect(entry).toMatchObject({ level: "info", message: "message decided", messageId: "<a.b@nhs.net>", outcome: "accepted", count: 2 });
  });

  it("in text, writes no control character of the message or of metadata either, one line an entry", () => {
    const hostile = JSON.stringify(HOSTILE);
    const text = written("text", `log.warn(${hostile}, { messageId: ${hostile}, nested: { list: [${hostile}], [${hostile}]: 1 } });`);
    expect(text).not.toMatch(UNSAFE);
    expect(text.split("\n")).toHaveLength(1);
    expect(text).toContain(" warn  \\x1b]0;pwned\\x07 \\x9b31m \\u202eexe \\u2028");
  });

  it("in text, writes the time, level, message and each detail as key=value, quoting what holds a space", () => {
    const text = written("text", `log.info("message decided", { messageId: "<a.b@nhs.net>", outcome: "accepted", count: 2, reasons: ["FORM_INVALID"], note: "two words" });`);
    expect(text).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info  message decided {2}messageId=<a\.b@nhs\.net> outcome=accepted count=2 reasons=\["FORM_INVALID"\] note="two words"$/,
    );
  });
});
