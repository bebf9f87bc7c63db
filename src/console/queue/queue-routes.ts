// The queue: what needs a person, a tab per case state, filtered by reason (and to one's
// own), oldest first with its age, a page at a time, each claimable from the list.
import type { FastifyInstance } from "fastify";
import type { ConsoleContext } from "../console-context.ts";
import { sendPage, takeNotice } from "../page.ts";
import { pageWindow, paginationLinks } from "../pagination.ts";
import { summaryLine } from "../case/case-view.ts";
import { queueFilter, queueHref, reasonOptions, stateName, stateTabs } from "./queue-view.ts";

const PAGE_SIZE = 25;

export function registerQueue(app: FastifyInstance, context: ConsoleContext): void {
  app.get<{ Querystring: { state?: string; reason?: string; mine?: string; page?: string } }>("/", async (request, reply) => {
    const filter = queueFilter(request.query);
    const window = pageWindow(request.query.page, PAGE_SIZE);
    const agent = request.person?.email ?? "";
    const { cases, total } = await context.casework.listCases(context.services.db, {
      state: filter.state,
      ...(filter.reason ? { reason: filter.reason } : {}),
      ...(filter.mine ? { agent } : {}),
      limit: window.limit,
      offset: window.offset,
    });
    const now = context.services.clock();
    return sendPage(context, request, reply, "queue/queue.njk", {
      title: `Cases: ${stateName(filter.state).toLowerCase()}`,
      section: "queue",
      notice: takeNotice(request),
      state: filter.state,
      stateName: stateName(filter.state),
      reason: filter.reason ?? "",
      mine: filter.mine,
      tabs: stateTabs(filter),
      reasons: reasonOptions(filter),
      total,
      here: queueHref(filter, window.page),
      rows: cases.map((summary) => ({
        ...summaryLine(summary, now),
        claimable: summary.state !== "resolved" && summary.claimedBy !== agent,
      })),
      pagination: paginationLinks(window, total, (page) => queueHref(filter, page)),
    });
  });
}
