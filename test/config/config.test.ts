import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, withoutSecrets } from "../../src/config/config.ts";

describe("configuration", () => {
  it("runs on embedded defaults with no variables at all", () => {
    const config = loadConfig({});
    expect(config.mailbox).toEqual({ kind: "maildir", path: path.resolve("var/mailbox") });
    expect(config.outbox).toEqual({ kind: "eml-directory", path: path.resolve("var/outbox") });
    expect(config.databasePath).toBe(path.resolve("var/intake.db"));
    expect(config.allowedSenderDomains).toEqual(["nhs.net"]);
    expect(config.trustedAuthservIds).toEqual([]);
  });

  it("resolves paths against INTAKE_HOME", () => {
    expect(loadConfig({ INTAKE_HOME: "/srv/intake" }).databasePath).toBe("/srv/intake/var/intake.db");
  });

  it.each([
    ["INTAKE_MAX_ATTACHMENT_BYTES", "ten", /positive whole number/],
    ["INTAKE_MESSAGE_BUDGET_MS", "0", /positive whole number of milliseconds/],
    ["INTAKE_SCHEDULE", "every minute", /cron expression/],
    ["INTAKE_SUPPORT_ADDRESS", "support", /support team's email address/],
    ["INTAKE_LOG_LEVEL", "loud", /one of error, warn, info, debug/],
    ["INTAKE_FORMS_URL", "ftp://example.org", /http\(s\) URL/],
    ["INTAKE_MAILBOX", "pop3://user@host/INBOX", /pop3 is not supported; use imaps or imap/],
    ["INTAKE_MAILBOX", "imaps://host/INBOX", /names no user/],
    ["INTAKE_OUTBOX", "smtp://user:pw@host:587", /INTAKE_SMTP_PASSWORD, not in the URL/],
    ["INTAKE_MAIL_AUTH", "basic", /password, or oauth2/],
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

  it("reads an IMAP mailbox and an SMTP outbox from URLs, secrets from their own variables", () => {
    const config = loadConfig({
      INTAKE_MAILBOX: "imaps://support%40nhsbsa.nhs.uk@mail.example.org/INBOX",
      INTAKE_IMAP_PASSWORD: "s3cret",
      INTAKE_OUTBOX: "smtp://support%40nhsbsa.nhs.uk@smtp.example.org",
      INTAKE_SMTP_PASSWORD: "s3cret2",
    });
    expect(config.mailbox).toMatchObject({ kind: "imap", host: "mail.example.org", port: 993, security: "tls", user: "support@nhsbsa.nhs.uk", inbox: "INBOX" });
    expect(config.outbox).toMatchObject({ kind: "smtp", host: "smtp.example.org", port: 587, security: "starttls", user: "support@nhsbsa.nhs.uk" });
    expect(JSON.stringify(withoutSecrets(config))).not.toMatch(/s3cret/);
  });

  it("needs the IMAP password with password authentication", () => {
    expect(() => loadConfig({ INTAKE_MAILBOX: "imaps://u%40nhs.net@mail.example.org/INBOX" })).toThrow(
      /INTAKE_IMAP_PASSWORD: required for an IMAP mailbox/,
    );
  });

  it("needs the client credentials for OAuth 2.0", () => {
    expect(() => loadConfig({ INTAKE_MAIL_AUTH: "oauth2", INTAKE_MAILBOX: "imaps://u%40nhs.net@outlook.office365.com/INBOX" })).toThrow(
      /INTAKE_OAUTH_TENANT: required with INTAKE_MAIL_AUTH=oauth2/,
    );
  });

  it("reads lists of trusted authserv-ids", () => {
    expect(loadConfig({ INTAKE_TRUSTED_AUTHSERV_IDS: "mx.nhsbsa.nhs.uk, MX2.example.org" }).trustedAuthservIds).toEqual([
      "mx.nhsbsa.nhs.uk",
      "mx2.example.org",
    ]);
  });
});
