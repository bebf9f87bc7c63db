import { describe, expect, it } from "vitest";
import { holdsRole, type RoleHolding } from "../../src/directory/holds-role.ts";

const cg: RoleHolding = { role: "caldicott-guardian", organisationCode: "RXX", validFrom: "2024-04-01", validTo: "2025-03-31" };
const gp: RoleHolding = { role: "gp", organisationCode: "A81001", validFrom: "2024-01-01", validTo: null };
const prescriber = ["caldicott-guardian", "nominated-authoriser"] as const;

describe("holdsRole", () => {
  it.each([
    ["the day before valid_from", "2024-03-31", false],
    ["valid_from itself", "2024-04-01", true],
    ["a day in between", "2024-10-15", true],
    ["valid_to itself", "2025-03-31", true],
    ["the day after valid_to", "2025-04-01", false],
  ])("a bounded entry on %s: %s", (_label, on, expected) => {
    expect(holdsRole([cg], { organisationCode: "RXX", roles: prescriber, on })).toBe(expected);
  });

  it("an entry without valid_to holds from valid_from on, indefinitely", () => {
    expect(holdsRole([gp], { organisationCode: "A81001", roles: ["gp"], on: "2023-12-31" })).toBe(false);
    expect(holdsRole([gp], { organisationCode: "A81001", roles: ["gp"], on: "2024-01-01" })).toBe(true);
    expect(holdsRole([gp], { organisationCode: "A81001", roles: ["gp"], on: "2099-12-31" })).toBe(true);
  });

  it("needs one of the asked roles", () => {
    expect(holdsRole([cg], { organisationCode: "RXX", roles: ["provider-finance-lead"], on: "2024-10-15" })).toBe(false);
  });

  it("needs the asked organisation, whatever its case", () => {
    expect(holdsRole([gp], { organisationCode: "A81002", roles: ["gp"], on: "2024-10-15" })).toBe(false);
    expect(holdsRole([gp], { organisationCode: "a81001", roles: ["gp"], on: "2024-10-15" })).toBe(true);
  });

  it("is true when any of several entries fits", () => {
    expect(holdsRole([cg, gp], { organisationCode: "A81001", roles: ["gp"], on: "2024-10-15" })).toBe(true);
    expect(holdsRole([], { organisationCode: "A81001", roles: ["gp"], on: "2024-10-15" })).toBe(false);
  });

  it("refuses a day not written yyyy-mm-dd, which would compare wrongly", () => {
    expect(() => holdsRole([gp], { organisationCode: "A81001", roles: ["gp"], on: "15/10/2024" })).toThrow(RangeError);
  });
});
