// A local stand-in for the Microsoft identity platform, for tests: HTTPS on 127.0.0.1 with a
// self-signed certificate, serving what MSAL asks of an authority it was told to trust
// (knownAuthorities) for client credentials: the tenant's OpenID configuration and its token
// endpoint. It checks tenant, client id, secret, grant type and scope as Entra ID would,
// answers refusals with Entra's error shape (error, error_description, error_codes), counts
// every request, and issues opaque tokens with a lifetime the test chooses.
import { randomBytes } from "node:crypto";
import https from "node:https";
import type net from "node:net";
import { makeTestCertificate } from "./dovecot.ts";

export type EndpointRequestKind = "openid-configuration" | "token" | "other";

export interface EndpointRequest {
  readonly kind: EndpointRequestKind;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** For token requests: the error answered, or null when a token was issued. */
  readonly error: string | null;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly issuedAt: Date;
}

export interface TokenEndpointOptions {
  readonly tenant?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly scope?: string;
  /** expires_in of the tokens issued (default 3599, as Entra ID answers). */
  readonly lifetimeSeconds?: number;
  /** Told of every token issued, e.g. to make Dovecot and the SMTP receiver accept it. */
  readonly onIssue?: (token: IssuedToken) => void;
}

export interface TokenEndpoint {
  /** https://127.0.0.1:PORT, for INTAKE_OAUTH_AUTHORITY_HOST. */
  readonly authorityHost: string;
  readonly tenant: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope: string;
  /** PEM; trust it as the CA of the endpoint. */
  readonly certificate: string;
  readonly requests: readonly EndpointRequest[];
  readonly issued: readonly IssuedToken[];
  count(kind: EndpointRequestKind): number;
  /** expires_in of the tokens issued from now on. */
  setLifetime(seconds: number): void;
  /** Answer every token request with this server error from now on (null: issue tokens again). */
  failWith(failure: { status: number; error: string } | null): void;
  stop(): Promise<void>;
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

function refusal(status: number, error: string, aadsts: number, description: string): Answer {
  // Entra ID's shape: the AADSTS number leads the description and is repeated in error_codes.
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${aadsts}: ${description}\r\nTrace ID: ${randomBytes(8).toString("hex")}`,
      error_codes: [aadsts],
      timestamp: new Date().toISOString(),
      trace_id: randomBytes(8).toString("hex"),
      correlation_id: randomBytes(8).toString("hex"),
    },
  };
}

export async function startTokenEndpoint(options: TokenEndpointOptions = {}): Promise<TokenEndpoint> {
  const tenant = options.tenant ?? "11111111-2222-3333-4444-555555555555";
  const clientId = options.clientId ?? "66666666-7777-8888-9999-000000000000";
  const clientSecret = options.clientSecret ?? `secret~${randomBytes(12).toString("base64url")}`;
  const scope = options.scope ?? "https://outlook.office365.com/.default";
  let lifetime = options.lifetimeSeconds ?? 3599;
  let failure: { status: number; error: string } | null = null;
  const certificate = makeTestCertificate();
  const requests: EndpointRequest[] = [];
  const issued: IssuedToken[] = [];
  let base = "";

  // Entra ID names the same refusal invalid_tenant on the metadata and invalid_request on the token endpoint.
  const unknownTenant = (name: string, error: string): Answer =>
    refusal(400, error, 90002, `Tenant '${name}' not found. Check to make sure you have the correct tenant ID.`);

  function openIdConfiguration(name: string): Answer {
    if (name !== tenant) return unknownTenant(name, "invalid_tenant");
    return {
      status: 200,
      body: {
        token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
        issuer: `${base}/${tenant}/v2.0`,
        token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
        scopes_supported: ["openid", "profile", "email", "offline_access"],
      },
    };
  }

  function token(name: string, form: URLSearchParams): Answer {
    if (name !== tenant) return unknownTenant(name, "invalid_request");
    if (form.get("grant_type") !== "client_credentials") {
      return refusal(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
    }
    if (form.get("client_id") !== clientId) {
      return refusal(400, "unauthorized_client", 700016, `Application with identifier '${form.get("client_id")}' was not found in the directory.`);
    }
    if (form.get("client_secret") !== clientSecret) {
      return refusal(401, "invalid_client", 7000215, "Invalid client secret provided.");
    }
    const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
    if (scopes.length !== 1 || scopes[0] !== scope) {
      return refusal(400, "invalid_scope", 1002012, `The provided value for scope ${scopes.join(" ")} is not valid.`);
    }
    if (failure) return refusal(failure.status, failure.error, 50000, "There was an error issuing a token.");
    const token: IssuedToken = { accessToken: `test-access-${issued.length + 1}-${randomBytes(16).toString("base64url")}`, expiresIn: lifetime, issuedAt: new Date() };
    issued.push(token);
    options.onIssue?.(token);
    return {
      status: 200,
      body: { token_type: "Bearer", expires_in: token.expiresIn, ext_expires_in: token.expiresIn, access_token: token.accessToken },
    };
  }

  const server = https.createServer({ key: certificate.privateKey, cert: certificate.certificate }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", base);
      const openId = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
      const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
      let kind: EndpointRequestKind = "other";
      let answer: Answer = { status: 404, body: { error: "not_found" } };
      if (request.method === "GET" && openId) {
        kind = "openid-configuration";
        answer = openIdConfiguration(decodeURIComponent(openId[1] ?? ""));
      } else if (request.method === "POST" && tokenPath) {
        kind = "token";
        answer = token(decodeURIComponent(tokenPath[1] ?? ""), new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      }
      const error = typeof answer.body.error === "string" ? answer.body.error : null;
      requests.push({ kind, method: request.method ?? "", path: url.pathname, status: answer.status, error });
      response.writeHead(answer.status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
      response.end(JSON.stringify(answer.body));
    });
  });
  const listening = await new Promise<net.AddressInfo>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server.address() as net.AddressInfo));
  });
  base = `https://127.0.0.1:${listening.port}`;

  return {
    authorityHost: base,
    tenant,
    clientId,
    clientSecret,
    scope,
    certificate: certificate.certificate,
    requests,
    issued,
    count: (kind) => requests.filter((request) => request.kind === kind).length,
    setLifetime(seconds: number): void {
      lifetime = seconds;
    },
    failWith(next): void {
      failure = next;
    },
    stop(): Promise<void> {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
