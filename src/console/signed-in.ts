// The person behind a request: the session id in the encrypted cookie, looked up on the
// server, ended when signed out, past its lifetime or idle. Routes say who may reach them
// (config.access); everyone else is sent to sign in, or refused (403) from admin pages.
import type { FastifyReply, FastifyRequest } from "fastify";
import { endConsoleSession, findConsoleSession, touchConsoleSession, type SignInRoute } from "../records/console-sessions.ts";
import type { ConsoleContext } from "./console-context.ts";
import { mayAdminister, type ConsoleRole } from "../staff/roles.ts";
import { endNotice, sessionEnd, TOUCH_INTERVAL_MS } from "./sign-in/session-standing.ts";

export interface SignedIn {
  readonly sessionId: string;
  readonly email: string;
  readonly name: string;
  readonly role: ConsoleRole;
  readonly via: SignInRoute;
}

/** public: anyone (sign-in, assets); agent: anyone signed in; admin: admins only. */
export type Access = "public" | "agent" | "admin";

declare module "fastify" {
  interface FastifyRequest {
    person: SignedIn | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

declare module "@fastify/secure-session" {
  /** What the session cookie holds: the session id, the CSRF secret, a notice, a sign-in under way. */
  interface SessionData {
    sid: string;
    notice: string;
    oidc: { state: string; nonce: string; verifier: string; next: string };
  }
}

/** A path on this console to go back to after signing in; anything else (another site) is refused. */
export function safeNext(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return /^[\x21-\x7e]*$/.test(value) ? value : "/";
}

async function personOf(context: ConsoleContext, request: FastifyRequest): Promise<SignedIn | null> {
  const sid = request.session.get("sid");
  if (typeof sid !== "string") return null;
  const { db, clock } = context.services;
  const session = await findConsoleSession(db, sid);
  const now = clock();
  const end = session ? sessionEnd(session, now, context.limits) : "signed-out";
  if (!session || end !== null) {
    if (session && end !== "signed-out") await endConsoleSession(db, sid, now);
    request.session.set("sid", undefined);
    const notice = end ? endNotice(end, context.limits) : null;
    if (notice) request.session.set("notice", notice);
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) await touchConsoleSession(db, sid, now);
  return { sessionId: session.id, email: session.email, name: session.name, role: session.role, via: session.via };
}

/** The preHandler hook: who is asking, and whether they may. */
export function requireSignIn(context: ConsoleContext, forbidden: (request: FastifyRequest, reply: FastifyReply) => FastifyReply) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    request.person = await personOf(context, request);
    const access: Access = request.routeOptions.config.access ?? "agent";
    if (access === "public") return undefined;
    if (!request.person) {
      const next = request.method === "GET" ? `?next=${encodeURIComponent(safeNext(request.url))}` : "";
      return reply.redirect(`/sign-in${next === "?next=%2F" ? "" : next}`, 303);
    }
    if (access === "admin" && !mayAdminister(request.person.role)) return forbidden(request, reply);
    return undefined;
  };
}
