// Requests: a search by reference, applicant, authoriser or organisation code, and each
// request with its full history.
import type { FastifyInstance } from "fastify";
import { findRequestHistory } from "../../records/request-history.ts";
import { searchRequests } from "../../records/search-requests.ts";
import type { ConsoleContext } from "../console-context.ts";
import { notFound, sendPage } from "../page.ts";
import { pageWindow, paginationLinks } from "../pagination.ts";
import { tagOf } from "../words.ts";
import { requestSummaryRows, resultRows, timeline } from "./requests-view.ts";

const PAGE_SIZE = 25;
const MAX_QUERY = 200;

export function registerRequests(app: FastifyInstance, context: ConsoleContext): void {
  app.get<{ Querystring: { q?: string; page?: string } }>("/requests", async (request, reply) => {
    const q = typeof request.query.q === "string" ? request.query.q.slice(0, MAX_QUERY) : "";
    const window = pageWindow(request.query.page, PAGE_SIZE);
    const { requests, total } = await searchRequests(context.services.db, { text: q, limit: window.limit, offset: window.offset });
    const hrefOf = (page: number): string => `/requests?${new URLSearchParams({ q, page: String(page) }).toString()}`;
    return sendPage(context, request, reply, "requests/requests.njk", {
      title: q ? `Requests matching ${q}` : "Requests",
      section: "requests",
      q,
      total,
      rows: resultRows(requests),
      pagination: paginationLinks(window, total, hrefOf),
    });
  });

  app.get<{ Params: { reference: string } }>("/requests/:reference", async (request, reply) => {
    const history = await findRequestHistory(context.services.db, request.params.reference.toUpperCase());
    if (!history) return notFound(reply);
    return sendPage(context, request, reply, "requests/request.njk", {
      title: `Request ${history.request.reference}`,
      section: "requests",
      back: { href: "/requests", text: "Requests" },
      reference: history.request.reference,
      status: tagOf(history.request.status),
      attention: history.request.attention,
      earlierReference: history.request.earlierReference,
      laterReferences: history.request.laterReferences,
      summaryRows: requestSummaryRows(history),
      timeline: timeline(history),
    });
  });
}
