// Assesses the intake and acts on it: when it turns failing, one alert is recorded and its
// email queued to the support team (through the outbox, so it is retried like any reply)
// and sent at once; while it stays failing nothing more is sent; once it is healthy again
// the alert is resolved and a recovery notice sent. Called after every pass, when the
// mailbox cannot be opened, and on the health monitor's interval.
import type { Config } from "../config/config.ts";
import { deliverReplies, type DeliveryContext } from "../outbox/delivery.ts";
import { raiseAlert, resolveAlert } from "../records/alerts.ts";
import { composeHealthAlert, composeRecoveryNotice } from "./compose-alert.ts";
import { assessHealth, type Assessment } from "./assess-health.ts";
import { gatherHealthFacts } from "./gather-health-facts.ts";

/** What a review needs: the records and the outbox, never the mailbox (it may be what is broken). */
export interface HealthContext extends DeliveryContext {
  readonly config: DeliveryContext["config"] & Pick<Config, "alerts" | "health">;
}

/** The assessment as the records stand, without acting on it (the health endpoint, `intake status`). */
export async function assessNow(context: Pick<HealthContext, "db" | "config" | "clock">, countWaiting?: () => Promise<number>): Promise<Assessment> {
  const now = context.clock();
  const facts = await gatherHealthFacts(context.db, now, context.config.alerts, countWaiting);
  return assessHealth(facts, now, context.config.alerts);
}

export async function reviewHealth(context: HealthContext): Promise<Assessment> {
  const { db, config, log, clock, templates, replySettings, replyMessageId } = context;
  const now = clock();
  const facts = await gatherHealthFacts(db, now, config.alerts);
  const assessment = assessHealth(facts, now, config.alerts);
  const open = facts.openAlert;

  if (assessment.status === "failing" && !open) {
    const kind = assessment.failingOn ?? "FAILING";
    const email = composeHealthAlert(assessment, templates, replySettings, replyMessageId("support-alert"));
    const raised = await raiseAlert(db, { kind, detail: assessment.problems.join("\n"), openedAt: now, email });
    if (!raised) return assessment;
    log.error("intake is failing; the support team is alerted", { kind, problems: assessment.problems });
    await deliverReplies(context);
    return { ...assessment, alert: { kind, openedAt: now.toISOString(), notified: true } };
  }
  if (assessment.status === "ok" && open) {
    const email = composeRecoveryNotice(assessment, open, templates, replySettings, replyMessageId("support-recovered"));
    await resolveAlert(db, open.id, now, email);
    log.info("intake is healthy again; the alert is resolved", { kind: open.kind, openedAt: open.openedAt.toISOString() });
    await deliverReplies(context);
    return { ...assessment, alert: null };
  }
  return assessment;
}
