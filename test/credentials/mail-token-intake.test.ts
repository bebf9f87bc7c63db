// The whole intake with INTAKE_MAIL_AUTH=oauth2, through the real CLI: Dovecot and the SMTP
// receiver accept only tokens the local token endpoint issued (XOAUTH2), and the endpoint's
// certificate is trusted through INTAKE_TLS_CA_FILE alone, as the mail servers' are.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDovecot, type Dovecot } from "../support/dovecot.ts";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver.ts";
import { startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint.ts";
import { createWorkspace, runIntakeAsync, type Workspace } from "../support/workspace.ts";
import { formMail } from "../intake/form-mail.ts";

let nhs: DkimKey;
let dovecot: Dovecot;
let smtp: SmtpReceiver;
let endpoint: TokenEndpoint;
let ws: Workspace;
/** The forms the tests deliver, built while the servers start. */
let forms: { readonly first: Buffer[]; readonly second: Buffer };

/** An installation reading Dovecot and sending through the SMTP receiver with the tokens of `authority`. */
async function oauthWorkspace(authority: TokenEndpoint): Promise<Workspace> {
  const installation = await createWorkspace([nhs], { env: {} });
  const caFile = path.join(installation.home, "test-ca.pem");
  writeFileSync(caFile, [dovecot.certificate, smtp.certificate, authority.certificate].join("\n"));
  Object.assign(installation.env, {
    INTAKE_MAILBOX: `imaps://${encodeURIComponent(dovecot.user)}@127.0.0.1:${dovecot.imapsPort}/INBOX`,
    INTAKE_OUTBOX: `smtp://${encodeURIComponent(smtp.user)}@127.0.0.1:${smtp.port}`,
    INTAKE_MAIL_AUTH: "oauth2",
    INTAKE_OAUTH_TENANT: authority.tenant,
    INTAKE_OAUTH_CLIENT_ID: authority.clientId,
    INTAKE_OAUTH_CLIENT_SECRET: authority.clientSecret,
    INTAKE_OAUTH_AUTHORITY_HOST: authority.authorityHost,
    INTAKE_TLS_CA_FILE: caFile,
  });
  return installation;
}

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "oauth1");
  const built = Promise.all([
    Promise.all([
      formMail({ signWith: nhs, messageId: "<oauth-accepted@nhs.net>" }),
      formMail({ signWith: nhs, from: "carol.colleague@nhs.net", messageId: "<oauth-rejected@nhs.net>", values: { applicant_email: "c1@nhs.net" } }),
      formMail({ signWith: null, messageId: "<oauth-unverified@nhs.net>", values: { applicant_email: "c2@nhs.net" } }),
    ]),
    formMail({ signWith: nhs, messageId: "<oauth-second@nhs.net>", values: { applicant_email: "d1@nhs.net" } }),
  ]);
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpReceiver()]);
  // What Exchange Online does with Entra ID's tokens: accept each one the authority issued.
  endpoint = await startTokenEndpoint({
    onIssue: (token) => {
      dovecot.acceptTokens(token.accessToken);
      smtp.acceptTokens(token.accessToken);
    },
  });
  ws = await oauthWorkspace(endpoint);
  const [first, second] = await built;
  forms = { first, second };
});
afterAll(async () => {
  ws.remove();
  await endpoint.stop();
  await smtp.stop();
  await dovecot.stop();
});

describe("intake with OAuth 2.0 client credentials", () => {
  it("reads over IMAP and replies over SMTP with one token from the authority, not one per message", async () => {
    await dovecot.deliverAll(forms.first);
    const asked = dovecot.introspected.length;

    const run = await runIntakeAsync(["run", "--once"], ws.env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ messages: 3, outcomes: { accepted: 1, rejected: 1, flagged: 1 }, repliesSent: 4 });
    expect(await dovecot.list("INBOX")).toEqual([]);
    expect(smtp.received.flatMap((mail) => mail.to).sort()).toEqual([
      "alice.applicant@nhs.net",
      "bob.authoriser@nhs.net",
      "carol.colleague@nhs.net",
      "dataservicessupport@nhsbsa.nhs.uk",
    ]);

    // One metadata read and one token for 3 messages, 4 replies and every connection.
    expect(endpoint.count("openid-configuration")).toBe(1);
    expect(endpoint.count("token")).toBe(1);
    expect(endpoint.count("other")).toBe(0);
    const [token] = endpoint.issued;
    expect(new Set(dovecot.introspected.slice(asked))).toEqual(new Set([token?.accessToken]));
    expect(smtp.logins.length).toBeGreaterThan(0);
    expect(smtp.logins.every((login) => login.method === "XOAUTH2" && login.accessToken === token?.accessToken && login.accepted)).toBe(true);
    expect(smtp.received.every((mail) => mail.login.method === "XOAUTH2")).toBe(true);
  });

  // This test and the next run at the same time: the next has an authority, and a database, of its own.
  it("never writes the client secret or the token to its output", { concurrent: true }, async ({ expect }) => {
    await dovecot.deliver(forms.second);
    const tokensBefore = endpoint.count("token");
    const run = await runIntakeAsync(["run", "--once"], { ...ws.env, INTAKE_LOG_LEVEL: "debug" });
    expect(run.code, run.stderr).toBe(0);
    // A new process has an empty cache: one token for this run.
    expect(endpoint.count("token")).toBe(tokensBefore + 1);
    expect(run.stderr).toContain("mail token obtained");
    for (const secret of [endpoint.clientSecret, ...endpoint.issued.map((issued) => issued.accessToken)]) {
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });

  it("a client secret the authority refuses stops the run at once, not after minutes of retries", { concurrent: true }, async ({ expect, onTestFinished }) => {
    const authority = await startTokenEndpoint();
    onTestFinished(() => authority.stop());
    const installation = await oauthWorkspace(authority);
    onTestFinished(() => installation.remove());
    const started = Date.now();
    const run = await runIntakeAsync(["run", "--once"], { ...installation.env, INTAKE_OAUTH_CLIENT_SECRET: "not-the-secret" });
    const seconds = (Date.now() - started) / 1000;
    console.log(`refused client secret: run ended with exit ${String(run.code)} after ${seconds.toFixed(1)} s`);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/invalid_client/);
    expect(run.stderr).not.toContain("not-the-secret");
    expect(seconds).toBeLessThan(20);
  });
});
