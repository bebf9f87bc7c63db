// OAuth 2.0 access tokens for the mail account (NHSmail is Microsoft 365: basic
// authentication for IMAP and SMTP was retired). Client-credentials flow with MSAL, which
// keeps the token in memory and hands out a cached one only while it has more than its
// renewal margin (5 minutes) left; closer to expiry it fetches a new one first. So every
// IMAP or SMTP connection asks here, and only a token's renewal reaches the network.
// Owns: the MSAL application. Calls: the authority over HTTPS, nothing else.
import { ConfidentialClientApplication, LogLevel } from "@azure/msal-node";
import type { OAuthSetting } from "../config/config.ts";
import { createAuthorityHttpClient } from "./authority-http-client.ts";
import { MailTokenError, mailTokenErrorFrom } from "./mail-token-error.ts";

export { MailTokenError } from "./mail-token-error.ts";

export type TokenSource = () => Promise<string>;

/** Where new tokens and failures are reported; a subset of the project's logger. */
export interface TokenLog {
  info(message: string, details: Record<string, unknown>): unknown;
  warn(message: string, details: Record<string, unknown>): unknown;
  error(message: string, details: Record<string, unknown>): unknown;
  debug(message: string, details: Record<string, unknown>): unknown;
}

export interface MailTokenOptions {
  /** PEM of extra certificate authorities (INTAKE_TLS_CA_FILE), trusted besides Node's defaults. */
  readonly tlsCa?: string | null;
  readonly log?: TokenLog | null;
  /** One request to the authority gives up after this long (default 30 s). */
  readonly timeoutMs?: number;
}

/**
 * MSAL's DEFAULT_TOKEN_RENEWAL_OFFSET_SEC: a cached token with less than this left is not
 * handed out. msal-node offers no setting for it in client credentials.
 */
export const MSAL_RENEWAL_MARGIN_SECONDS = 300;

export function createMailTokenSource(setting: OAuthSetting, options: MailTokenOptions = {}): TokenSource {
  const authority = `${setting.authorityHost}/${setting.tenant}`;
  const log = options.log ?? null;
  const http = createAuthorityHttpClient({ extraCa: options.tlsCa ?? null, timeoutMs: options.timeoutMs ?? 30_000 });
  const context = () => ({ authority, clientId: setting.clientId, secret: setting.clientSecret, problem: http.lastProblem() });

  let application: ConfidentialClientApplication;
  try {
    application = new ConfidentialClientApplication({
      auth: {
        clientId: setting.clientId,
        clientSecret: setting.clientSecret,
        authority,
        // The configured host is trusted as named: MSAL does not ask Microsoft's instance
        // discovery about it. login.microsoftonline.com needs no metadata request at all
        // (MSAL knows its endpoints); any other host is read from its OpenID configuration.
        knownAuthorities: [new URL(setting.authorityHost).host],
      },
      system: {
        networkClient: http,
        loggerOptions: {
          logLevel: LogLevel.Warning,
          piiLoggingEnabled: false,
          // Its warnings are routine ("No client info in response" with every app token); a
          // failure that matters reaches the caller as a MailTokenError.
          loggerCallback: (level, message) =>
            level === LogLevel.Error ? log?.warn("MSAL", { authority, message }) : log?.debug("MSAL", { authority, message }),
        },
      },
    });
  } catch (error) {
    throw mailTokenErrorFrom(error, context());
  }

  let warnedShortLifetime = false;

  async function acquire(): Promise<string> {
    http.forgetProblem();
    let result;
    try {
      result = await application.acquireTokenByClientCredential({ scopes: [setting.scope] });
    } catch (error) {
      const failure = mailTokenErrorFrom(error, context());
      const details = { authority, code: failure.code, aadsts: failure.aadsts, httpStatus: failure.httpStatus, error: failure.message };
      if (failure.retryable) log?.warn("no mail token; the authority will be asked again", details);
      else log?.error("no mail token, and asking again will not help until the settings change", details);
      throw failure;
    }
    if (!result?.accessToken) {
      throw new MailTokenError(`mail token from ${authority} for client ${setting.clientId}: the answer held no access token`, {
        authority,
        code: "empty_answer",
        retryable: true,
      });
    }
    if (!result.fromCache) {
      const lifetimeSeconds = result.expiresOn ? Math.round((result.expiresOn.getTime() - Date.now()) / 1000) : null;
      log?.info("mail token obtained", { authority, expiresOn: result.expiresOn?.toISOString() ?? null, lifetimeSeconds });
      if (lifetimeSeconds !== null && lifetimeSeconds <= MSAL_RENEWAL_MARGIN_SECONDS && !warnedShortLifetime) {
        warnedShortLifetime = true;
        log?.warn("mail tokens live shorter than MSAL's renewal margin: every connection will fetch a new one", {
          authority,
          lifetimeSeconds,
          marginSeconds: MSAL_RENEWAL_MARGIN_SECONDS,
        });
      }
    }
    return result.accessToken;
  }

  // MSAL does not merge concurrent client-credential requests: IMAP and SMTP opening at the
  // same moment share one.
  let pending: Promise<string> | null = null;
  return () => {
    pending ??= acquire().finally(() => {
      pending = null;
    });
    return pending;
  };
}
