// One IMAP session that comes back by itself: every operation runs on a live session,
// opened again (with exponential backoff) when the server or the network dropped the last
// one. Operations run one at a time, in the order they were asked for.
import { setTimeout as sleep } from "node:timers/promises";
import { AuthenticationFailure, ImapFlow, type ImapFlowOptions } from "imapflow";
import {
  MailboxAuthenticationError,
  MailboxCertificateError,
  MailboxClosedError,
  MailboxUnreachableError,
} from "./imap-errors.ts";
import { CERTIFICATE_ERRORS } from "../tls-errors.ts";

export type ImapAuth =
  | { readonly kind: "password"; readonly password: string }
  /** Asked again for every session, so a token that expired is never reused. */
  | { readonly kind: "oauth2"; readonly token: () => Promise<string> };

export interface ImapServer {
  readonly host: string;
  readonly port: number;
  /** "tls": TLS from the first byte (imaps, usually 993); "starttls": upgraded before login (imap, usually 143). */
  readonly security: "tls" | "starttls";
  readonly user: string;
  readonly auth: ImapAuth;
  readonly tls: { readonly rejectUnauthorized: boolean; readonly ca?: string | Buffer | string[] };
}

export interface ReconnectPolicy {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** After this long without a session, the operation fails with MailboxUnreachableError. */
  readonly giveUpAfterMs: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { firstDelayMs: 500, maxDelayMs: 30_000, giveUpAfterMs: 5 * 60_000 };

/** Where session drops and reconnects are reported; a subset of the project's logger. */
export interface ConnectionLog {
  warn(message: string, details: Record<string, unknown>): unknown;
  info(message: string, details: Record<string, unknown>): unknown;
}

export interface ImapConnection {
  /**
   * Runs an operation on a live session. When the session drops during it, the operation runs
   * once more on a new session, so it must be safe to repeat (listing, reading, moving by UID are).
   */
  run<T>(operation: (client: ImapFlow) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 15_000;

/** The shortest wait for a connection: an attempt at the very end of the time allowed still gets a chance. */
const MIN_CONNECT_TIMEOUT_MS = 1_000;

/** How long ending a session waits for the server to answer LOGOUT. */
const LOGOUT_WAIT_MS = 2_000;

/** Logs out (breaking an IDLE first) when the session is usable, waiting at most LOGOUT_WAIT_MS, then closes it either way. */
export async function endSession(client: ImapFlow): Promise<void> {
  if (client.usable) {
    // A server that does not answer LOGOUT is not waited for long.
    await Promise.race([client.logout().catch(() => undefined), sleep(LOGOUT_WAIT_MS, undefined, { ref: false })]);
  }
  client.close();
}

async function tokenFrom(source: () => Promise<string>): Promise<string> {
  try {
    return await source();
  } catch (error) {
    throw new Error(`the OAuth2 token source failed: ${(error as Error).message}`, { cause: error });
  }
}

/** What a session needs beyond the server: the watch session has its IDLE restarted now and then. */
export interface SessionTuning {
  /** Ends and re-issues IDLE after this long (servers drop long IDLEs). */
  readonly idleRestartMs?: number;
}

/**
 * `connectTimeoutMs` bounds the TCP and TLS connection and, again, the wait for the greeting:
 * a server that accepts and then says nothing costs no more than one that refuses.
 */
async function newClient(server: ImapServer, log: ConnectionLog | null, tuning: SessionTuning, connectTimeoutMs: number): Promise<ImapFlow> {
  const name = `${server.host}:${server.port}`;
  const secret = server.auth.kind === "password" ? { pass: server.auth.password } : { accessToken: await tokenFrom(server.auth.token) };
  const options: ImapFlowOptions = {
    host: server.host,
    port: server.port,
    secure: server.security === "tls",
    doSTARTTLS: server.security === "starttls" ? true : undefined,
    auth: { user: server.user, ...secret },
    tls: { rejectUnauthorized: server.tls.rejectUnauthorized, ca: server.tls.ca, minVersion: "TLSv1.2" },
    logger: false,
    // Intake lists, reads and files, then goes quiet until the next pass: nothing to IDLE for.
    // The watch session issues IDLE itself.
    disableAutoIdle: true,
    ...(tuning.idleRestartMs ? { maxIdleTime: tuning.idleRestartMs } : {}),
    connectionTimeout: connectTimeoutMs,
    greetingTimeout: connectTimeoutMs,
  };
  const candidate = new ImapFlow(options);
  // A dropped session is noticed through `usable` on the next operation; without a listener
  // the 'error' event would crash the process instead.
  candidate.on("error", (error: Error) => log?.warn("IMAP session failed", { server: name, error: error.message }));
  return candidate;
}

/**
 * Opens one session, trying again with exponential backoff while the server cannot be reached,
 * for no longer than the policy's giveUpAfterMs (an attempt's own wait is cut to the time left).
 * Refused credentials and an untrusted certificate fail at once; so does an aborted `signal`.
 */
export async function connectWithBackoff(
  server: ImapServer,
  reconnect: ReconnectPolicy,
  log: ConnectionLog | null,
  signal: AbortSignal,
  tuning: SessionTuning = {},
): Promise<ImapFlow> {
  const name = `${server.host}:${server.port}`;
  const started = Date.now();
  let delay = reconnect.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) throw new MailboxClosedError(name);
    let candidate: ImapFlow | null = null;
    try {
      const left = reconnect.giveUpAfterMs - (Date.now() - started);
      candidate = await newClient(server, log, tuning, Math.max(MIN_CONNECT_TIMEOUT_MS, Math.min(CONNECT_TIMEOUT_MS, left)));
      await candidate.connect();
      if (attempt > 1) log?.info("IMAP session open again", { server: name, attempts: attempt });
      return candidate;
    } catch (error) {
      candidate?.close();
      // A token the authority refused for good (wrong secret, unknown tenant) is as final as a wrong password.
      const tokenRefused = ((error as Error).cause as { retryable?: unknown } | undefined)?.retryable === false;
      if (error instanceof AuthenticationFailure || (error as { authenticationFailed?: boolean }).authenticationFailed || tokenRefused) {
        throw new MailboxAuthenticationError(name, server.user, { cause: error });
      }
      const code = (error as { code?: unknown }).code;
      if (typeof code === "string" && CERTIFICATE_ERRORS.has(code)) throw new MailboxCertificateError(name, code, { cause: error });
      const elapsed = Date.now() - started;
      if (elapsed + delay > reconnect.giveUpAfterMs) {
        throw new MailboxUnreachableError(name, attempt, elapsed, { cause: error });
      }
      log?.warn("IMAP connection failed; trying again", { server: name, attempt, delayMs: delay, error: (error as Error).message });
      await sleep(delay, undefined, { signal }).catch(() => undefined);
      delay = Math.min(delay * 2, reconnect.maxDelayMs);
    }
  }
}

export function openImapConnection(
  server: ImapServer,
  reconnect: ReconnectPolicy = DEFAULT_RECONNECT,
  log: ConnectionLog | null = null,
): ImapConnection {
  const name = `${server.host}:${server.port}`;
  const stopped = new AbortController();
  let client: ImapFlow | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const connect = (): Promise<ImapFlow> => connectWithBackoff(server, reconnect, log, stopped.signal);

  async function session(): Promise<ImapFlow> {
    if (client?.usable) return client;
    if (client) log?.warn("IMAP session dropped; opening a new one", { server: name });
    client?.close();
    client = null;
    client = await connect();
    return client;
  }

  async function runNow<T>(operation: (client: ImapFlow) => Promise<T>): Promise<T> {
    if (stopped.signal.aborted) throw new MailboxClosedError(name);
    const first = await session();
    try {
      return await operation(first);
    } catch (error) {
      // The server answered (NO, BAD) or our own check failed: repeating would not help.
      if (first.usable) throw error;
      log?.warn("IMAP session dropped during an operation; repeating it", { server: name, error: (error as Error).message });
      return operation(await session());
    }
  }

  return {
    run<T>(operation: (client: ImapFlow) => Promise<T>): Promise<T> {
      const result = queue.then(() => runNow(operation));
      queue = result.catch(() => undefined); // the caller sees the failure; the queue goes on
      return result;
    },

    async close(): Promise<void> {
      stopped.abort();
      await queue;
      const last = client;
      client = null;
      if (last) await endSession(last);
    },
  };
}
