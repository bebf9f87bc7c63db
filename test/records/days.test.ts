// Days as the records keep them: a yyyy-mm-dd day is stored as its UTC midnight and read back as itself.
import { describe, expect, it } from "vitest";
import { dateOfDay, dayOfDate } from "../../src/records/days.ts";

describe("days in the records", () => {
  it.each(["1900-01-01", "1969-12-31", "2024-02-29", "2026-12-06", "9999-12-31"])("stores %s at UTC midnight and reads it back", (day) => {
    const date = dateOfDay(day);
    expect(date.toISOString()).toBe(`${day}T00:00:00.000Z`);
    expect(dayOfDate(date)).toBe(day);
  });

  it.each(["2025-02-29", "2026-13-01", "06/12/2026", "2026-12-6", ""])("refuses %j, which is not a day written yyyy-mm-dd", (text) => {
    expect(() => dateOfDay(text)).toThrow(RangeError);
  });

  it("refuses a stored time that is not a midnight, rather than read it as a day", () => {
    expect(() => dayOfDate(new Date("2026-12-06T00:00:01Z"))).toThrow(RangeError);
  });
});
