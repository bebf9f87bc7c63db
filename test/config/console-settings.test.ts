// The console's settings: loopback and local accounts by default, OpenID Connect only over
// https and with its client credentials, its secrets never printed.
import { describe, expect, it } from "vitest";
import { loadConfig, withoutSecrets } from "../../src/config/config.ts";

describe("console settings", () => {
  it("serves no console from intake run, on loopback, with local accounts, by default", () => {
    expect(loadConfig({}).console).toEqual({ port: null, host: "127.0.0.1", publicUrl: null, sessionKey: null, sessionHours: 8, idleMinutes: 30, oidc: null });
  });

  it("reads OpenID Connect with its client credentials", () => {
    const config = loadConfig({
      INTAKE_CONSOLE_PORT: "8443",
      INTAKE_CONSOLE_URL: "https://intake.example.nhs.uk/",
      INTAKE_OIDC_ISSUER: "https://login.microsoftonline.com/0b4c2a1e-0000-4000-8000-000000000000/v2.0",
      INTAKE_OIDC_CLIENT_ID: "console-client",
      INTAKE_OIDC_CLIENT_SECRET: "very secret",
      INTAKE_CONSOLE_SESSION_KEY: "k".repeat(40),
    });
    expect(config.console.port).toBe(8443);
    expect(config.console.publicUrl).toBe("https://intake.example.nhs.uk");
    expect(config.console.oidc?.clientId).toBe("console-client");
    const shown = JSON.stringify(withoutSecrets(config));
    expect(shown).not.toContain("very secret");
    expect(shown).not.toContain("kkkk");
  });

  it("refuses an issuer over plain http, one without its client, and a short session key", () => {
    expect(() => loadConfig({ INTAKE_OIDC_ISSUER: "http://login.example/v2.0", INTAKE_OIDC_CLIENT_ID: "c", INTAKE_OIDC_CLIENT_SECRET: "s" })).toThrow(/INTAKE_OIDC_ISSUER/);
    expect(() => loadConfig({ INTAKE_OIDC_ISSUER: "https://login.example/v2.0" })).toThrow(/INTAKE_OIDC_CLIENT_ID: required with INTAKE_OIDC_ISSUER/);
    expect(() => loadConfig({ INTAKE_CONSOLE_SESSION_KEY: "short" })).toThrow(/INTAKE_CONSOLE_SESSION_KEY/);
    expect(() => loadConfig({ INTAKE_CONSOLE_SESSION_HOURS: "48" })).toThrow(/INTAKE_CONSOLE_SESSION_HOURS/);
  });
});
