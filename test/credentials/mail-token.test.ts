// The mail token source against a local stand-in for the Microsoft identity platform (HTTPS,
// its own CA): one request per token lifetime, renewal before a token comes near expiry,
// and refusals as a MailTokenError that names the authority and never the secret.
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { OAuthSetting } from "../../src/config/config.ts";
import { createMailTokenSource, MailTokenError, MSAL_RENEWAL_MARGIN_SECONDS, type TokenLog } from "../../src/credentials/mail-token.ts";
import { startTokenEndpoint, type TokenEndpoint } from "../support/token-endpoint.ts";

let endpoint: TokenEndpoint;

beforeAll(async () => {
  endpoint = await startTokenEndpoint();
});
afterAll(async () => {
  await endpoint.stop();
});
afterEach(() => {
  vi.useRealTimers();
  endpoint.setLifetime(3599);
  endpoint.failWith(null);
});

function setting(overrides: Partial<OAuthSetting> = {}): OAuthSetting {
  return {
    tenant: endpoint.tenant,
    clientId: endpoint.clientId,
    clientSecret: endpoint.clientSecret,
    authorityHost: endpoint.authorityHost,
    scope: endpoint.scope,
    ...overrides,
  };
}

interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

function recordingLog(): TokenLog & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (message: string, details: Record<string, unknown>) => lines.push({ level, message, details });
  return { lines, info: at("info"), warn: at("warn"), error: at("error"), debug: at("debug") };
}

/** Requests the endpoint saw while `work` ran, by kind. */
async function counting<T>(work: () => Promise<T>): Promise<{ result: T; openId: number; token: number; other: number }> {
  const before = { openId: endpoint.count("openid-configuration"), token: endpoint.count("token"), other: endpoint.count("other") };
  const result = await work();
  return {
    result,
    openId: endpoint.count("openid-configuration") - before.openId,
    token: endpoint.count("token") - before.token,
    other: endpoint.count("other") - before.other,
  };
}

async function failureOf(source: () => Promise<string>): Promise<MailTokenError> {
  const error: unknown = await source().then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(MailTokenError);
  return error as MailTokenError;
}

describe("a fresh token", () => {
  it("is fetched once and handed out again for every connection while it is fresh", async () => {
    const source = createMailTokenSource(setting(), { tlsCa: endpoint.certificate });
    const seen = await counting(async () => {
      const tokens: string[] = [];
      for (let connection = 0; connection < 20; connection++) tokens.push(await source());
      return tokens;
    });
    expect(new Set(seen.result).size).toBe(1);
    expect(seen.result[0]).toBe(endpoint.issued.at(-1)?.accessToken);
    expect(seen).toMatchObject({ openId: 1, token: 1, other: 0 });
  });

  it("is fetched once when IMAP and SMTP ask at the same moment", async () => {
    const source = createMailTokenSource(setting(), { tlsCa: endpoint.certificate });
    const seen = await counting(() => Promise.all(Array.from({ length: 5 }, () => source())));
    expect(new Set(seen.result).size).toBe(1);
    expect(seen.token).toBe(1);
  });

  it("comes from the configured authority alone: MSAL does not ask Microsoft's instance discovery about it", async () => {
    // Without knownAuthorities MSAL first asks login.microsoftonline.com/common/discovery/instance
    // about this host; with no route there the token would not come at all.
    const source = createMailTokenSource(setting(), { tlsCa: endpoint.certificate });
    await expect(source()).resolves.toMatch(/^test-access-/);
  });

  it("is logged when obtained, with its expiry, and neither the secret nor the token is logged", async () => {
    const log = recordingLog();
    const source = createMailTokenSource(setting(), { tlsCa: endpoint.certificate, log });
    const asked = Date.now();
    const token = await source();
    const fetchSeconds = (Date.now() - asked) / 1000;
    await source();
    const obtained = log.lines.filter((line) => line.level === "info");
    expect(obtained.map((line) => line.message)).toEqual(["mail token obtained"]);
    // The endpoint's lifetime (expires_in 3599), less the time the token took to come: MSAL keeps
    // the expiry in whole seconds from the answer, and the log says what is left of it.
    const lifetimeSeconds = obtained[0]?.details.lifetimeSeconds;
    expect(lifetimeSeconds).toBeTypeOf("number");
    expect(lifetimeSeconds).toBeLessThanOrEqual(3599);
    expect(lifetimeSeconds).toBeGreaterThanOrEqual(Math.floor(3599 - fetchSeconds - 2));
    const written = JSON.stringify(log.lines);
    expect(written).not.toContain(endpoint.clientSecret);
    expect(written).not.toContain(token);
  });
});

describe("renewal", () => {
  it(`hands out no token with less than MSAL's ${MSAL_RENEWAL_MARGIN_SECONDS} s margin left: it fetches a new one first`, async () => {
    // A lifetime just over the margin: fresh for about 2 s, then "near expiry" with ~300 s left.
    endpoint.setLifetime(MSAL_RENEWAL_MARGIN_SECONDS + 2);
    const source = createMailTokenSource(setting(), { tlsCa: endpoint.certificate });
    const first = await counting(() => source());
    const again = await counting(() => source());
    expect(again.result).toBe(first.result);
    expect(again.token).toBe(0);

    await sleep(3_600);
    const renewed = await counting(() => source());
    expect(renewed.token).toBe(1);
    expect(renewed.result).not.toBe(first.result);
    const [replaced] = endpoint.issued.filter((issued) => issued.accessToken === first.result);
    const leftWhenReplaced = (replaced!.issuedAt.getTime() + replaced!.expiresIn * 1000 - Date.now()) / 1000;
    expect(leftWhenReplaced).toBeGreaterThan(MSAL_RENEWAL_MARGIN_SECONDS - 5);
  });

  it("reuses an hour's token for 55 minutes and renews it in its last 5", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    const source = createMailTokenSource(setting(), { tlsCa: endpoint.certificate });
    const first = await counting(() => source());

    vi.setSystemTime(start + 3_290_000); // 54 min 50 s: 309 s left
    const late = await counting(() => source());
    expect(late).toMatchObject({ result: first.result, token: 0 });

    vi.setSystemTime(start + 3_310_000); // 55 min 10 s: 289 s left, inside the margin
    const renewed = await counting(() => source());
    expect(renewed.token).toBe(1);
    expect(renewed.result).not.toBe(first.result);

    vi.setSystemTime(start + 3_400_000);
    await expect(counting(() => source())).resolves.toMatchObject({ result: renewed.result, token: 0 });
  });

  it("fetches for every connection when tokens live shorter than the margin, and warns once", async () => {
    endpoint.setLifetime(5);
    const log = recordingLog();
    const source = createMailTokenSource(setting(), { tlsCa: endpoint.certificate, log });
    const seen = await counting(async () => [await source(), await source(), await source()]);
    expect(seen.token).toBe(3);
    expect(new Set(seen.result).size).toBe(3);
    expect(log.lines.filter((line) => line.level === "warn")).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/shorter than MSAL's renewal margin/) as unknown }),
    ]);
  });
});

describe("refusals", () => {
  it("a wrong secret fails at once with MailTokenError naming the authority and invalid_client, after one request", async () => {
    const wrong = "not-the-secret-" + "x".repeat(20);
    const log = recordingLog();
    const source = createMailTokenSource(setting({ clientSecret: wrong }), { tlsCa: endpoint.certificate, log });
    const started = Date.now();
    const seen = await counting(() => failureOf(source));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(seen.token).toBe(1);
    const error = seen.result;
    expect(error).toMatchObject({ code: "invalid_client", aadsts: "7000215", httpStatus: 401, retryable: false });
    expect(error.authority).toBe(`${endpoint.authorityHost}/${endpoint.tenant}`);
    expect(error.message).toContain(`${endpoint.authorityHost}/${endpoint.tenant}`);
    expect(error.message).toMatch(/refused.*invalid_client.*AADSTS7000215: Invalid client secret provided/);

    for (const text of [error.message, error.stack ?? "", JSON.stringify(error), JSON.stringify(log.lines)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(endpoint.clientSecret);
    }
    expect(log.lines).toEqual([expect.objectContaining({ level: "error", details: expect.objectContaining({ code: "invalid_client" }) as unknown })]);
  });

  it("asking again after a refusal sends one request, not a burst", async () => {
    const source = createMailTokenSource(setting({ clientSecret: "wrong" }), { tlsCa: endpoint.certificate });
    const seen = await counting(async () => {
      await failureOf(source);
      await failureOf(source);
      return null;
    });
    expect(seen.token).toBe(2);
  });

  it("an unknown tenant is refused with AADSTS90002 and not worth retrying", async () => {
    const source = createMailTokenSource(setting({ tenant: "no-such-tenant" }), { tlsCa: endpoint.certificate });
    const seen = await counting(() => failureOf(source));
    expect(seen).toMatchObject({ openId: 1, token: 0 });
    expect(seen.result).toMatchObject({ aadsts: "90002", httpStatus: 400, retryable: false, authority: `${endpoint.authorityHost}/no-such-tenant` });
    expect(seen.result.message).toMatch(/no-such-tenant.*refused.*invalid_tenant \(AADSTS90002\)/);
  });

  it("an unknown client id is refused as unauthorized_client (AADSTS700016)", async () => {
    const source = createMailTokenSource(setting({ clientId: "00000000-0000-0000-0000-000000000000" }), { tlsCa: endpoint.certificate });
    const error = await failureOf(source);
    expect(error).toMatchObject({ code: "unauthorized_client", aadsts: "700016", retryable: false });
  });

  it("a scope the endpoint does not grant is refused as invalid_scope", async () => {
    const source = createMailTokenSource(setting({ scope: "https://graph.microsoft.com/.default" }), { tlsCa: endpoint.certificate });
    await expect(failureOf(source)).resolves.toMatchObject({ code: "invalid_scope", retryable: false });
  });

  it("an authority whose certificate is not trusted fails before any request, naming the certificate problem", async () => {
    const source = createMailTokenSource(setting()); // no extra CA: the self-signed certificate is unknown
    const seen = await counting(() => failureOf(source));
    expect(seen).toMatchObject({ openId: 0, token: 0, other: 0 });
    expect(seen.result.retryable).toBe(false);
    expect(seen.result.message).toMatch(/certificate is not trusted.*openid-configuration: self-signed certificate/);
  });
});

describe("an endpoint in trouble", () => {
  it("a 503 is retryable; MSAL then waits 60 s before asking again, and the token comes once it answers", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    endpoint.failWith({ status: 503, error: "temporarily_unavailable" });
    const source = createMailTokenSource(setting(), { tlsCa: endpoint.certificate });
    const failed = await counting(() => failureOf(source));
    expect(failed.token).toBe(1);
    expect(failed.result).toMatchObject({ code: "temporarily_unavailable", httpStatus: 503, retryable: true });

    endpoint.failWith(null);
    const held = await counting(() => failureOf(source));
    expect(held.token).toBe(0);
    expect(held.result.retryable).toBe(true);

    vi.setSystemTime(start + 61_000);
    const recovered = await counting(() => source());
    expect(recovered.token).toBe(1);
    expect(recovered.result).toMatch(/^test-access-/);
  });

  it("an endpoint that takes the connection and says nothing is given up after the time limit, retryable", async () => {
    const silent = net.createServer(() => undefined); // accepts, never completes TLS
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const host = `https://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
      const source = createMailTokenSource(setting({ authorityHost: host }), { tlsCa: endpoint.certificate, timeoutMs: 500 });
      const started = Date.now();
      const error = await failureOf(source);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(error.retryable).toBe(true);
      expect(error.message).toContain(`${host}/${endpoint.tenant}/v2.0/.well-known/openid-configuration: no answer within 500 ms`);
    } finally {
      silent.close();
    }
  });

  it("an endpoint that refuses connections is retryable, and the error says so", async () => {
    const source = createMailTokenSource(setting({ authorityHost: "https://127.0.0.1:9" }), { tlsCa: endpoint.certificate });
    const error = await failureOf(source);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/unavailable for now.*127\.0\.0\.1:9.*ECONNREFUSED/);
  });
});
