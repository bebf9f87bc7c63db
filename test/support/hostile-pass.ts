// One hostile message and a genuine form behind it, through one pass of the real pipeline (the
// Maildir, the intake, SQLite, the .eml outbox): what became of each, and who was written to.
import type { DkimKey } from "./mail-builder.ts";
import { genuineFormMail, HOSTILE_MESSAGES, type HostileKind } from "./hostile-mail.ts";
import type { Workspace } from "./workspace.ts";

export interface Handled {
  readonly reasons: readonly string[] | undefined;
  readonly outcome: string | null | undefined;
  readonly repliesTo: readonly string[];
  readonly nextOutcome: string | null | undefined;
  readonly seconds: number;
}

let counter = 0;

/** Delivers the hostile message and a genuine form behind it, runs one pass, and reports both. */
export async function hostileThenGenuine(ws: Workspace, key: DkimKey, kind: HostileKind): Promise<Handled> {
  const id = `${process.pid}-${++counter}`;
  const hostileId = `<hostile-${id}@nhs.net>`;
  const genuineId = `<genuine-${id}@nhs.net>`;
  ws.deliver(await HOSTILE_MESSAGES[kind]({ key, messageId: hostileId }), `${Date.now()}.A${id}.hostile`);
  ws.deliver(await genuineFormMail({ key, messageId: genuineId }, `next.applicant.${id}@nhs.net`), `${Date.now() + 1}.B${id}.genuine`);
  const started = performance.now();
  const summary = await ws.runOnce();
  const seconds = (performance.now() - started) / 1000;
  const messages = await ws.messages();
  const hostile = messages.find((m) => m.messageId === hostileId);
  const next = messages.find((m) => m.messageId === genuineId);
  const repliesTo = (await ws.outbox()).filter((r) => r.inReplyTo === hostileId).map((r) => r.to);
  console.log(`${kind}: ${hostile?.outcome} ${hostile?.reasons.join(",")} in a pass of ${seconds.toFixed(1)} s (${summary.messages} messages); next ${next?.outcome}`);
  return { reasons: hostile?.reasons, outcome: hostile?.outcome, repliesTo: repliesTo.sort(), nextOutcome: next?.outcome, seconds };
}
