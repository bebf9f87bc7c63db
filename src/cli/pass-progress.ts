// The progress of one pass (`intake run --once`), read off the intake's own calls to its
// mailbox and outbox: how many messages wait, which one is being read, the replies sent and
// the filing. The pass itself is unchanged; every call goes through as it was made.
import type { IntakeContext } from "../intake/intake-context.ts";
import type { Mailbox, MailboxEntry } from "../mailbox/mailbox.ts";
import type { Outbox } from "../outbox/outbox.ts";
import type { Progress } from "./progress.ts";

/** `target`, with the methods in `replaced` answered by them; every other property read from `target`. */
function withMethods<T extends object>(target: T, replaced: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(replaced, property)) return Reflect.get(replaced, property) as unknown;
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

export function withPassProgress(context: IntakeContext, progress: Progress): IntakeContext {
  const { mailbox, outbox } = context;
  let waiting = 0;
  const read = new Set<string>();
  let sent = 0;
  let doing = "listing the inbox";
  const show = (): void => progress.show(`${doing}${sent > 0 ? `; ${plural(sent, "reply", "replies")} sent` : ""}`);

  const reading = (entry: MailboxEntry): void => {
    read.add(entry.key);
    doing = `message ${read.size.toLocaleString("en-GB")} of ${waiting.toLocaleString("en-GB")}`;
    show();
  };

  const progressMailbox = withMethods<Mailbox>(mailbox, {
    async waiting() {
      const entries = await mailbox.waiting();
      waiting = entries.length;
      doing = `${plural(waiting, "message")} waiting`;
      show();
      return entries;
    },
    read(entry) {
      reading(entry);
      return mailbox.read(entry);
    },
    readHeader(entry) {
      reading(entry);
      return mailbox.readHeader(entry);
    },
    async file(instructions) {
      const before = doing;
      doing = `filing ${plural(instructions.length, "message")}`;
      show();
      try {
        return await mailbox.file(instructions);
      } finally {
        doing = before;
        show();
      }
    },
  });
  const progressOutbox = withMethods<Outbox>(outbox, {
    async send(mail) {
      await outbox.send(mail);
      sent++;
      show();
    },
  });
  show();
  return { ...context, mailbox: progressMailbox, outbox: progressOutbox };
}
