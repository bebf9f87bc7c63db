// The dashboard: how the last 30 days went and what is waiting now.
import type { FastifyInstance } from "fastify";
import { assessNow } from "../../health/review-health.ts";
import { messagesSince, replyCounts } from "../../records/dashboard-counts.ts";
import type { CaseSummary } from "../casework-port.ts";
import type { ConsoleContext } from "../console-context.ts";
import { age, dateTime } from "../format.ts";
import { sendPage } from "../page.ts";
import { tagOf } from "../words.ts";
import { chartOf, countByDay, DASHBOARD_DAYS, figureRows, lastDays, oldestOpen, openByReason, OUTCOMES } from "./dashboard-view.ts";

/** The cases not yet resolved, in every state that still needs a person. */
async function unresolvedCases(context: ConsoleContext): Promise<CaseSummary[]> {
  const states = ["open", "claimed", "snoozed", "waiting"] as const;
  const lists = await Promise.all(states.map((state) => context.casework.listCases(context.services.db, { state, limit: 10_000, offset: 0 })));
  return lists.flatMap((list) => list.cases);
}

export function registerDashboard(app: FastifyInstance, context: ConsoleContext): void {
  app.get("/dashboard", async (request, reply) => {
    const { db, clock } = context.services;
    const now = clock();
    const days = lastDays(now, DASHBOARD_DAYS);
    const since = new Date(`${days[0] ?? "1970-01-01"}T00:00:00Z`);
    since.setUTCHours(since.getUTCHours() - 1); // London is at most an hour ahead of UTC
    const [messages, replies, health, cases] = await Promise.all([
      messagesSince(db, since),
      replyCounts(db, since),
      assessNow(context.services),
      unresolvedCases(context),
    ]);
    const counts = countByDay(messages, days);
    const oldest = oldestOpen(cases);
    return sendPage(context, request, reply, "dashboard/dashboard.njk", {
      title: "Dashboard",
      section: "dashboard",
      outcomes: OUTCOMES.map((outcome) => ({ outcome, name: tagOf(outcome).text })),
      chart: chartOf(counts),
      figures: figureRows(counts),
      totals: OUTCOMES.map((outcome) => counts.reduce((sum, day) => sum + day.counts[outcome], 0)),
      messageTotal: counts.reduce((sum, day) => sum + day.total, 0),
      openCases: cases.length,
      byReason: openByReason(cases),
      oldest: oldest ? { id: oldest.id, href: `/cases/${oldest.id}`, age: age(oldest.openedAt, now), openedAt: dateTime(oldest.openedAt), state: oldest.state } : null,
      replies: { waiting: replies.waiting, failed: replies.failed, oldestWaiting: replies.oldestWaitingAt ? age(replies.oldestWaitingAt, now) : null },
      health: {
        status: health.status,
        tag: tagOf(health.status === "ok" ? "sent" : health.status === "degraded" ? "pending" : "failed"),
        words: health.status === "ok" ? "Healthy" : health.status === "degraded" ? "Degraded" : "Failing",
        lastFetch: health.lastSuccessfulFetch ? dateTime(new Date(health.lastSuccessfulFetch)) : "never",
        problems: health.problems,
      },
    });
  });
}
