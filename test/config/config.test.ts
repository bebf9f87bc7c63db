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

  it("leaves the log format to the terminal and gives an unreachable mailbox a minute under run --once, by default", () => {
    const config = loadConfig({});
    expect(config.logFormat).toBe("auto");
    expect(config.onceGiveUpMs).toBe(60_000);
  });

  it("takes the log format and the give-up time from their variables", () => {
    const config = loadConfig({ INTAKE_LOG_FORMAT: "text", INTAKE_MAILBOX_GIVE_UP_SECONDS: "5" });
    expect(config.logFormat).toBe("text");
    expect(config.onceGiveUpMs).toBe(5_000);
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
    ["INTAKE_LOG_FORMAT", "yaml", /json .*text.*auto: text when stderr is a terminal/],
    ["INTAKE_MAILBOX_GIVE_UP_SECONDS", "0", /seconds `intake run --once` keeps trying/],
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

  it("trusts DKIM alone by default, with ARC and Exchange's organisation stamp off", () => {
    expect(loadConfig({}).senderEvidence).toEqual({ trustDkim: true, trustedAuthservIds: [], trustedArcSealers: [], exchangeOrganisation: null });
  });

  it("reads the ARC sealers and the Exchange organisation with its domains", () => {
    const config = loadConfig({
      INTAKE_TRUST_DKIM: "no",
      INTAKE_TRUSTED_ARC_SEALERS: "Microsoft.com",
      INTAKE_EXCHANGE_ORGANISATION: "1B7C7A4E-5D3F-4F0E-9C1A-6A0B2C3D4E5F",
      INTAKE_EXCHANGE_ORGANISATION_DOMAINS: "nhs.net, NHS.UK",
    });
    expect(config.senderEvidence).toEqual({
      trustDkim: false,
      trustedAuthservIds: [],
      trustedArcSealers: ["microsoft.com"],
      exchangeOrganisation: { tenantId: "1b7c7a4e-5d3f-4f0e-9c1a-6a0b2c3d4e5f", domains: ["nhs.net", "nhs.uk"] },
    });
  });

  it.each([
    [{ INTAKE_EXCHANGE_ORGANISATION: "nhs.net" }, "INTAKE_EXCHANGE_ORGANISATION", /tenant id \(a GUID\)/],
    [{ INTAKE_EXCHANGE_ORGANISATION: "1b7c7a4e-5d3f-4f0e-9c1a-6a0b2c3d4e5f" }, "INTAKE_EXCHANGE_ORGANISATION_DOMAINS", /required with INTAKE_EXCHANGE_ORGANISATION/],
    [{ INTAKE_EXCHANGE_ORGANISATION_DOMAINS: "nhs.net" }, "INTAKE_EXCHANGE_ORGANISATION", /required with INTAKE_EXCHANGE_ORGANISATION_DOMAINS/],
    [{ INTAKE_TRUST_DKIM: "no" }, "INTAKE_TRUST_DKIM", /no sender could ever be proven/],
    [{ INTAKE_TRUSTED_ARC_SEALERS: "microsoft" }, "INTAKE_TRUSTED_ARC_SEALERS", /ARC sealer domains/],
    [{ INTAKE_ALERT_UNVERIFIED_FORMS: "-1" }, "INTAKE_ALERT_UNVERIFIED_FORMS", /SENDER_UNVERIFIED/],
    [
      {
        INTAKE_MAIL_AUTH: "oauth2",
        INTAKE_OAUTH_TENANT: "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4",
        INTAKE_OAUTH_CLIENT_ID: "client",
        INTAKE_OAUTH_CLIENT_SECRET: "secret",
        INTAKE_EXCHANGE_ORGANISATION: "1b7c7a4e-5d3f-4f0e-9c1a-6a0b2c3d4e5f",
        INTAKE_EXCHANGE_ORGANISATION_DOMAINS: "nhs.net",
      },
      "INTAKE_EXCHANGE_ORGANISATION",
      /read with a token of tenant 9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4 \(INTAKE_OAUTH_TENANT\), so it is not in organisation/,
    ],
  ])("refuses sender evidence settings that cannot be right: %j", (env, variable, expected) => {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message).toMatch(expected);
  });
});
