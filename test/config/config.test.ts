import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.ts";

describe("configuration", () => {
  it("runs on embedded defaults with no variables at all", () => {
    const config = loadConfig({});
    expect(config.mailbox).toEqual({ kind: "maildir", path: path.resolve("var/mailbox") });
    expect(config.outbox.path).toBe(path.resolve("var/outbox"));
    expect(config.databasePath).toBe(path.resolve("var/intake.db"));
    expect(config.allowedSenderDomains).toEqual(["nhs.net"]);
    expect(config.trustedAuthservIds).toEqual([]);
  });

  it("resolves paths against INTAKE_HOME", () => {
    expect(loadConfig({ INTAKE_HOME: "/srv/intake" }).databasePath).toBe("/srv/intake/var/intake.db");
  });

  it.each([
    ["INTAKE_MAX_ATTACHMENT_BYTES", "ten", /positive whole number/],
    ["INTAKE_PDF_TIMEOUT_MS", "0", /positive whole number of milliseconds/],
    ["INTAKE_SCHEDULE", "every minute", /cron expression/],
    ["INTAKE_SUPPORT_ADDRESS", "support", /support team's email address/],
    ["INTAKE_LOG_LEVEL", "loud", /one of error, warn, info, debug/],
    ["INTAKE_FORMS_URL", "ftp://example.org", /http\(s\) URL/],
    ["INTAKE_MAILBOX", "imaps://user@host/INBOX", /not supported yet/],
  ])("stops on a bad %s, naming the variable and what is expected", (name, value, expected) => {
    let caught: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(name);
    expect((caught as ConfigError).message).toMatch(new RegExp(`^${name}: `));
    expect((caught as ConfigError).message).toMatch(expected);
  });

  it("reads lists of trusted authserv-ids", () => {
    expect(loadConfig({ INTAKE_TRUSTED_AUTHSERV_IDS: "mx.nhsbsa.nhs.uk, MX2.example.org" }).trustedAuthservIds).toEqual([
      "mx.nhsbsa.nhs.uk",
      "mx2.example.org",
    ]);
  });
});
