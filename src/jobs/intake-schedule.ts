// Runs intake passes until stopped: when the mailbox reports new mail (IMAP IDLE, a watch on
// the Maildir) and on the node-cron schedule, which is all there is where the mailbox cannot
// be watched. Passes never overlap, and none asked for is lost: a pass asked for while one
// runs follows it, once however often it was asked for.
import cron from "node-cron";
import type { IntakeContext } from "../intake/intake-context.ts";
import { runRecordedPass } from "./recorded-pass.ts";
import type { MailboxWatch } from "../mailbox/mailbox.ts";

export interface RunningSchedule {
  /** Stops scheduling and watching, and waits for the pass under way, if any. */
  stop(): Promise<void>;
}

/** A burst of deliveries (or one delivery reported twice) makes one pass, not one each. */
export const ARRIVAL_GATHER_MS = 200;

export function startIntakeSchedule(context: IntakeContext): RunningSchedule {
  const { log } = context;
  let current: Promise<void> | null = null;
  let again = false;
  let stopping = false;
  let gathering: NodeJS.Timeout | null = null;
  let watch: MailboxWatch | null = null;

  const pass = (): void => {
    if (stopping) return;
    if (current) {
      again = true;
      return;
    }
    log.debug("intake pass starting");
    current = runRecordedPass(context)
      .then(
        () => undefined,
        (error: unknown) => {
          // The mailbox reconnects by itself: the next pass asked for simply tries again.
          log.error("intake pass failed", { error: (error as Error).message });
        },
      )
      .finally(() => {
        current = null;
        if (again) {
          again = false;
          pass();
        }
      });
  };

  const arrival = (): void => {
    if (stopping || gathering) return;
    gathering = setTimeout(() => {
      gathering = null;
      pass();
    }, ARRIVAL_GATHER_MS);
  };

  const task = cron.schedule(context.config.schedule, pass, { name: "intake" });
  pass(); // do not wait a whole period for the first pass

  const watchForArrivals = async (): Promise<void> => {
    let started: MailboxWatch;
    try {
      started = await context.mailbox.watch(arrival);
    } catch (error) {
      if (stopping) return; // the mailbox closed while the watch was opening
      log.warn("watching the mailbox failed; new mail is found on the schedule alone", {
        schedule: context.config.schedule,
        error: (error as Error).message,
      });
      return;
    }
    if (stopping) return started.stop();
    watch = started;
    if (started.active) {
      log.info("watching the mailbox for new mail", { mailbox: context.config.mailbox.kind });
      pass(); // mail that came before the watch began
    } else {
      log.warn("the mailbox cannot be watched (no IMAP IDLE); new mail is found on the schedule alone", {
        schedule: context.config.schedule,
      });
    }
  };
  void watchForArrivals().catch((error: unknown) => log.warn("stopping the mailbox watch failed", { error: (error as Error).message }));

  return {
    async stop(): Promise<void> {
      stopping = true;
      await task.stop();
      if (gathering) clearTimeout(gathering);
      gathering = null;
      // A watch still opening is not waited for: it ends when the mailbox closes.
      await watch?.stop();
      while (current) await current;
    },
  };
}
