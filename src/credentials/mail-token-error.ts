// Why no mail token could be had, in terms an operator can act on: which authority, MSAL's
// error code, Entra ID's AADSTS number, and whether asking again can help. Never the secret
// or a token.
import { AuthError, ClientAuthErrorCodes, ServerError } from "@azure/msal-node";
import type { AuthorityProblem } from "./authority-http-client.ts";

export class MailTokenError extends Error {
  /** The authority asked: `${authorityHost}/${tenant}`. */
  readonly authority: string;
  /** MSAL's code: invalid_client, invalid_request, unauthorized_client, openid_config_error, network_error… */
  readonly code: string;
  /** Entra ID's AADSTS number when the endpoint said one, e.g. "7000215" (wrong secret), "7000222" (expired secret). */
  readonly aadsts: string | null;
  readonly httpStatus: number | null;
  /**
   * False when the endpoint refused the settings (secret, client id, tenant, scope) or cannot
   * be trusted: asking again will not help until the configuration changes.
   */
  readonly retryable: boolean;

  constructor(
    message: string,
    details: { authority: string; code: string; aadsts?: string | null; httpStatus?: number | null; retryable: boolean },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MailTokenError";
    this.authority = details.authority;
    this.code = details.code;
    this.aadsts = details.aadsts ?? null;
    this.httpStatus = details.httpStatus ?? null;
    this.retryable = details.retryable;
  }
}

/** MSAL codes for a failure on the way to the endpoint, where the transport problem decides. */
const TRANSPORT_CODES = new Set<string>([
  ClientAuthErrorCodes.networkError,
  ClientAuthErrorCodes.openIdConfigError,
  ClientAuthErrorCodes.tokenParsingError,
  ClientAuthErrorCodes.endpointResolutionError,
]);

/** The server's own sentence from MSAL's ServerError text ("Error(s): … - Description: … - Correlation ID: …"). */
function serverSentence(error: AuthError): string {
  const described = /Description: ([\s\S]*?)(?: - Correlation ID:|$)/.exec(error.errorMessage)?.[1] ?? error.errorMessage;
  return described.split(/\r?\n/)[0]?.trim() ?? "";
}

function isRetryable(error: unknown, problem: AuthorityProblem | null): boolean {
  if (error instanceof ServerError) {
    // No status: MSAL is holding back after a 429 or 5xx (its throttling cache).
    return error.status === undefined || error.status === 429 || error.status >= 500;
  }
  if (error instanceof AuthError && !TRANSPORT_CODES.has(error.errorCode)) return false;
  if (problem?.certificate) return false;
  if (problem?.httpStatus !== null && problem?.httpStatus !== undefined) return problem.httpStatus === 429 || problem.httpStatus >= 500;
  return true;
}

export interface FailureContext {
  readonly authority: string;
  readonly clientId: string;
  /** Removed from every text, should any part of an answer echo it. */
  readonly secret: string;
  readonly problem: AuthorityProblem | null;
}

/** MSAL's text when it has nothing to say but its code. */
const GENERIC_MSAL_TEXT = /^See https:\/\/aka\.ms\/msal\.js\.errors#/;

function whatHappened(error: unknown, problem: AuthorityProblem | null): string {
  // A ServerError without a status comes from MSAL's throttling cache, not from the network.
  if (error instanceof ServerError && error.status === undefined) return `MSAL waits before asking again after the endpoint's last failure: ${serverSentence(error)}`;
  if (error instanceof ServerError) return serverSentence(error);
  const said = error instanceof AuthError ? error.errorMessage : error instanceof Error ? error.message : String(error);
  // MSAL's text for a failed metadata fetch says nothing of why: the transport problem does.
  if (!problem || said.includes(problem.description)) return said;
  return GENERIC_MSAL_TEXT.test(said) ? problem.description : `${said}; ${problem.description}`;
}

function verdict(error: unknown, problem: AuthorityProblem | null, retryable: boolean): string {
  if (retryable) return "unavailable for now";
  if (problem?.certificate) return "failed: the authority's certificate is not trusted (check the extra CA file), and asking again will not help";
  const refused = error instanceof ServerError || (problem?.httpStatus ?? 0) >= 400;
  return `${refused ? "refused" : "failed"}; asking again will not help until the OAuth settings change`;
}

/** Turns what MSAL threw into a MailTokenError. */
export function mailTokenErrorFrom(error: unknown, context: FailureContext): MailTokenError {
  const redact = (text: string): string => (context.secret ? text.split(context.secret).join("(secret)") : text);
  const { problem } = context;
  const errorCode = error instanceof AuthError ? error.errorCode || "server_error" : "unexpected_error";
  // MSAL types errorNo as a string but passes on the number from error_codes.
  const aadsts = error instanceof ServerError && error.errorNo !== undefined && error.errorNo !== "" ? String(error.errorNo) : (problem?.aadsts ?? null);
  const httpStatus = error instanceof ServerError ? (error.status ?? null) : (problem?.httpStatus ?? null);
  const retryable = isRetryable(error, problem);
  const codes = [errorCode, aadsts && `AADSTS${aadsts}`, httpStatus && `HTTP ${httpStatus}`].filter(Boolean).join(", ");
  const message = `mail token from ${context.authority} for client ${context.clientId} ${verdict(error, problem, retryable)} (${codes}): ${whatHappened(error, problem)}`;
  return new MailTokenError(redact(message), { authority: context.authority, code: errorCode, aadsts, httpStatus, retryable }, { cause: error });
}
