// Watching an IMAP inbox for new mail: a session of its own that selects the inbox read-only
// and IDLEs, so the session that lists, reads and files is never held up by it. New mail
// (EXISTS) calls onArrival. A dropped session is opened again with the mailbox's backoff,
// without ever giving up, and onArrival is called once it is back: mail may have come meanwhile.
import { setTimeout as sleep } from "node:timers/promises";
import type { ImapFlow } from "imapflow";
import { MailboxClosedError } from "./imap-errors.ts";
import { connectWithBackoff, endSession, type ConnectionLog, type ImapServer, type ReconnectPolicy } from "./imap-connection.ts";
import type { MailboxWatch } from "./mailbox.ts";

/** IDLE is ended and issued again this often: servers drop long IDLEs (Exchange Online after about 30 minutes). */
export const IDLE_RESTART_MS = 10 * 60_000;

/** A session or an IDLE that ends sooner than this is followed by a pause that doubles each time. */
const SHORT_LIVED_MS = 60_000;

export interface ImapWatchOptions {
  readonly server: ImapServer;
  readonly inbox: string;
  readonly reconnect: ReconnectPolicy;
  readonly log: ConnectionLog | null;
  /** Default IDLE_RESTART_MS. */
  readonly idleRestartMs?: number;
  /** Aborted when the mailbox closes: no first session is opened after it. */
  readonly closed: AbortSignal;
}

/** IDLE is RFC 2177, and part of IMAP4rev2 itself. */
function offersIdle(client: ImapFlow): boolean {
  return client.capabilities.has("IDLE") || client.capabilities.has("IMAP4rev2");
}

/**
 * Opens the watch session. Fails as opening the mailbox does (refused credentials, an untrusted
 * certificate, a server unreachable for the whole reconnect policy); `active` is false, and no
 * session is kept, when the server does not offer IDLE.
 */
export async function startImapWatch(options: ImapWatchOptions, onArrival: () => void): Promise<MailboxWatch> {
  const { server, inbox, log } = options;
  const name = `${server.host}:${server.port}`;
  const stopping = new AbortController();
  const signal = AbortSignal.any([stopping.signal, options.closed]);
  const tuning = { idleRestartMs: options.idleRestartMs ?? IDLE_RESTART_MS };

  const notify = (): void => {
    if (signal.aborted) return;
    try {
      onArrival();
    } catch (error) {
      log?.warn("handling new mail failed", { server: name, error: (error as Error).message });
    }
  };

  const select = (client: ImapFlow): Promise<unknown> => client.mailboxOpen(inbox, { readOnly: true }); // EXAMINE: no flag changes

  /** A session with the inbox selected and new mail reported; null when the server offers no IDLE. */
  const open = async (reconnect: ReconnectPolicy): Promise<ImapFlow | null> => {
    const client = await connectWithBackoff(server, reconnect, log, signal, tuning);
    if (!offersIdle(client)) {
      await endSession(client);
      return null;
    }
    try {
      client.on("exists", ({ count, prevCount }) => {
        if (count > prevCount) notify();
      });
      await select(client);
      return client;
    } catch (error) {
      await endSession(client);
      throw error;
    }
  };

  const first = await open(options.reconnect);
  if (!first) return { active: false, stop: () => Promise.resolve() };
  if (signal.aborted) {
    await endSession(first);
    throw new MailboxClosedError(name);
  }

  let current = first;
  let ending: Promise<void> = Promise.resolve();
  signal.addEventListener(
    "abort",
    () => {
      ending = endSession(current); // ends the IDLE, so the loop below returns
    },
    { once: true },
  );

  /** Waits `ms`, or less when the watch stops meanwhile. */
  const pause = (ms: number): Promise<void> => sleep(ms, undefined, { signal }).catch(() => undefined);

  /** A new session after a drop: never given up, at most the policy's longest pause apart. */
  const reopen = async (): Promise<ImapFlow | null> => {
    const forever = { ...options.reconnect, giveUpAfterMs: Number.POSITIVE_INFINITY };
    for (;;) {
      try {
        const next = await open(forever);
        if (next) return next;
        throw new Error("the server no longer offers IDLE");
      } catch (error) {
        if (signal.aborted) return null;
        // Refused credentials, an untrusted certificate, an inbox that cannot be selected: a
        // person has to act. The schedule's poll goes on meanwhile.
        log?.warn("IMAP watch session could not be opened again; trying again", {
          server: name,
          delayMs: options.reconnect.maxDelayMs,
          error: (error as Error).message,
        });
        await pause(options.reconnect.maxDelayMs);
      }
    }
  };

  const watching = (async (): Promise<void> => {
    let delay = options.reconnect.firstDelayMs;
    for (;;) {
      const started = Date.now();
      // Returns when IDLE ends for good: the session dropped, or the server ended it.
      await current.idle().catch(() => undefined);
      if (signal.aborted) return;
      const dropped = !current.usable;
      if (dropped) log?.warn("IMAP watch session dropped; opening a new one", { server: name });
      // A session or an IDLE that keeps ending at once must not turn into a tight loop.
      if (Date.now() - started < SHORT_LIVED_MS) {
        await pause(delay);
        delay = Math.min(delay * 2, options.reconnect.maxDelayMs);
        if (signal.aborted) return;
      } else {
        delay = options.reconnect.firstDelayMs;
      }
      if (!dropped) {
        // The server ended IDLE, or closed the inbox: watch again on the same session.
        if (!current.mailbox) {
          await select(current).catch(() => undefined);
          notify();
        }
        continue;
      }
      current.close();
      const next = await reopen();
      if (!next || signal.aborted) {
        if (next) await endSession(next);
        return;
      }
      current = next;
      log?.info("IMAP watch session open again", { server: name });
      notify();
    }
  })();

  return {
    active: true,
    async stop(): Promise<void> {
      stopping.abort();
      await watching;
      await ending;
    },
  };
}
