// MSAL's HTTP client for the token authority, on node:https. It trusts Node's default CAs plus
// the operator's extra CA (INTAKE_TLS_CA_FILE, as the mail servers do), gives up after a
// time limit (MSAL's own client sets none on the token POST, so a silent endpoint would hang
// the intake), and keeps the last problem: MSAL drops the cause of a failed metadata fetch.
import https from "node:https";
import { AuthError, ClientAuthErrorCodes, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from "@azure/msal-node";
import { trustedAuthorities } from "../config/config.ts";
import { CERTIFICATE_ERRORS } from "../tls-errors.ts";

export interface AuthorityHttpOptions {
  /** PEM of extra certificate authorities, added to Node's default ones; null: the defaults only. */
  readonly extraCa: string | null;
  readonly timeoutMs: number;
}

/** The last request that failed or was answered with an error, described without its body. */
export interface AuthorityProblem {
  readonly description: string;
  readonly httpStatus: number | null;
  /** Entra ID's error number from the answer's error_codes, e.g. "90002" (no such tenant). */
  readonly aadsts: string | null;
  /** The server's certificate was not trusted: a setting to fix, not an outage to wait out. */
  readonly certificate: boolean;
}

export interface AuthorityHttpClient extends INetworkModule {
  lastProblem(): AuthorityProblem | null;
  forgetProblem(): void;
}

const MAX_ANSWER_BYTES = 1024 * 1024;


/** The error fields of an OAuth 2.0 / Entra ID error answer: never its description, which may quote the request. */
function answeredError(body: unknown): { error: string | null; aadsts: string | null } {
  if (typeof body !== "object" || body === null) return { error: null, aadsts: null };
  const { error, error_codes: codes } = body as { error?: unknown; error_codes?: unknown };
  return {
    error: typeof error === "string" ? error : null,
    aadsts: Array.isArray(codes) && codes.length > 0 ? String(codes[0]) : null,
  };
}

export function createAuthorityHttpClient(options: AuthorityHttpOptions): AuthorityHttpClient {
  const agent = new https.Agent({ keepAlive: false, minVersion: "TLSv1.2", ...trustedAuthorities(options.extraCa) });
  let problem: AuthorityProblem | null = null;

  function send<T>(method: "GET" | "POST", url: string, request: NetworkRequestOptions | undefined): Promise<NetworkResponse<T>> {
    const target = new URL(url);
    // The query holds only MSAL's telemetry; the body (with the secret) is never described.
    const where = `${method} ${target.origin}${target.pathname}`;
    const body = method === "POST" ? (request?.body ?? "") : null;
    const fail = (reason: string, code?: unknown): AuthError => {
      problem = { description: `${where}: ${reason}`, httpStatus: null, aadsts: null, certificate: typeof code === "string" && CERTIFICATE_ERRORS.has(code) };
      return new AuthError(ClientAuthErrorCodes.networkError, "", problem.description);
    };
    const describeFailure = (error: Error & { code?: unknown }): AuthError => {
      const timedOut = error.name === "AbortError" || error.name === "TimeoutError";
      const reason = timedOut ? `no answer within ${options.timeoutMs} ms` : error.message;
      return fail(typeof error.code === "string" && !timedOut ? `${reason} (${error.code})` : reason, error.code);
    };
    return new Promise((resolve, reject) => {
      const outgoing = https.request(
        target,
        {
          method,
          agent,
          headers: { ...request?.headers, ...(body === null ? {} : { "content-length": String(Buffer.byteLength(body)) }) },
          signal: AbortSignal.timeout(options.timeoutMs),
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          let size = 0;
          incoming.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) outgoing.destroy(new Error(`answer larger than ${MAX_ANSWER_BYTES} bytes`));
            else chunks.push(chunk);
          });
          // A connection lost mid-answer, or the time limit reached while reading it.
          incoming.on("error", (error: Error & { code?: unknown }) => reject(describeFailure(error)));
          incoming.on("end", () => {
            const status = incoming.statusCode ?? 0;
            let parsed: unknown;
            try {
              parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
            } catch {
              problem = { description: `${where}: HTTP ${status} answered without JSON`, httpStatus: status, aadsts: null, certificate: false };
              reject(new AuthError(ClientAuthErrorCodes.tokenParsingError, "", problem.description));
              return;
            }
            if (status >= 400) {
              const { error, aadsts } = answeredError(parsed);
              const said = [error, aadsts && `(AADSTS${aadsts})`].filter(Boolean).join(" ");
              problem = { description: `${where}: HTTP ${status}${said ? ` ${said}` : ""}`, httpStatus: status, aadsts, certificate: false };
            }
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(incoming.headers)) {
              if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
            }
            resolve({ headers, body: parsed as T, status });
          });
        },
      );
      outgoing.on("error", (error: Error & { code?: unknown }) => reject(describeFailure(error)));
      outgoing.end(body ?? undefined);
    });
  }

  return {
    sendGetRequestAsync<T>(url: string, request?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      return send<T>("GET", url, request);
    },
    sendPostRequestAsync<T>(url: string, request?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      return send<T>("POST", url, request);
    },
    lastProblem: () => problem,
    forgetProblem(): void {
      problem = null;
    },
  };
}
