// Signing in and out: a local account's form (rate-limited), or the OpenID Connect flow when
// an issuer is configured; either way a new session is recorded on the server and the cookie
// starts afresh (a new CSRF secret), and signing out ends the session on the server.
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { endConsoleSession, startConsoleSession, type SignInRoute } from "../../records/console-sessions.ts";
import type { ConsoleContext } from "../console-context.ts";
import { sendPage } from "../page.ts";
import type { ConsoleRole } from "../../staff/roles.ts";
import { safeNext } from "../signed-in.ts";
import { signInLocally } from "./local-sign-in.ts";

interface Identity {
  readonly email: string;
  readonly name: string;
  readonly role: ConsoleRole;
  readonly via: SignInRoute;
}

async function startSession(context: ConsoleContext, request: FastifyRequest, identity: Identity): Promise<void> {
  const id = randomBytes(32).toString("hex");
  await startConsoleSession(context.services.db, { id, ...identity, startedAt: context.services.clock() });
  request.session.regenerate();
  request.session.set("sid", id);
  context.services.log.info("console sign-in", { via: identity.via, role: identity.role });
}

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof value === "string" ? value : "";
}

function signInPage(context: ConsoleContext, request: FastifyRequest, reply: FastifyReply, model: Record<string, unknown>, status = 200): FastifyReply {
  return sendPage(context, request, reply, "sign-in/sign-in.njk", { title: "Sign in", oidc: context.oidc !== null, ...model }, status);
}

export function registerSignIn(app: FastifyInstance, context: ConsoleContext, limit: { max: number; windowMs: number }): void {
  const rateLimit = { max: limit.max, timeWindow: limit.windowMs };

  app.get<{ Querystring: { next?: string } }>("/sign-in", { config: { access: "public" } }, (request, reply) => {
    const next = safeNext(request.query.next);
    if (request.person) return reply.redirect(next, 303);
    const notice = request.session.get("notice");
    if (notice) request.session.set("notice", undefined);
    return signInPage(context, request, reply, { next, notice: notice ?? null, email: "", errors: [] });
  });

  app.post("/sign-in", { config: { access: "public", rateLimit } }, async (request, reply) => {
    if (context.oidc) return reply.redirect("/sign-in", 303);
    const email = field(request.body, "email").trim();
    const password = field(request.body, "password");
    const next = safeNext(field(request.body, "next"));
    const errors = [
      ...(email === "" ? [{ text: "Enter your email address", href: "#email" }] : []),
      ...(password === "" ? [{ text: "Enter your password", href: "#password" }] : []),
    ];
    if (errors.length === 0) {
      const user = await signInLocally(context.services.db, email, password);
      if (user) {
        await startSession(context, request, { email: user.email, name: user.email, role: user.role, via: "local" });
        return reply.redirect(next, 303);
      }
      errors.push({ text: "The email address or password is not correct", href: "#email" });
    }
    return signInPage(context, request, reply, { next, notice: null, email, errors }, 400);
  });

  app.get<{ Querystring: { next?: string } }>("/sign-in/oidc", { config: { access: "public", rateLimit } }, async (request, reply) => {
    if (!context.oidc) return reply.redirect("/sign-in", 303);
    try {
      const { url, flow } = await context.oidc.begin();
      request.session.set("oidc", { ...flow, next: safeNext(request.query.next) });
      return reply.redirect(url, 303);
    } catch (error) {
      context.services.log.error("the OpenID Connect issuer cannot be reached", { error: (error as Error).message });
      return signInPage(context, request, reply, { next: "/", notice: null, email: "", errors: [{ text: "Sign-in with NHSmail is not available at the moment. Try again in a few minutes.", href: "#sign-in" }] }, 503);
    }
  });

  app.get("/sign-in/callback", { config: { access: "public", rateLimit } }, async (request, reply) => {
    const flow = request.session.get("oidc");
    request.session.set("oidc", undefined);
    if (!context.oidc || !flow) return reply.redirect("/sign-in", 303);
    let identity;
    try {
      identity = await context.oidc.finish(new URL(request.url, context.publicUrl), flow);
    } catch (error) {
      context.services.log.warn("an OpenID Connect sign-in was refused", { error: (error as Error).message });
      return signInPage(context, request, reply, { next: "/", notice: null, email: "", errors: [{ text: "Sign-in did not complete. Try again.", href: "#sign-in" }] }, 400);
    }
    if (!identity.role) {
      return sendPage(context, request, reply, "views/refusal.njk", {
        title: "You have no role in this console",
        text: "Your account is not given the agent or admin role for this service. Ask an administrator of the service to assign you one.",
      }, 403);
    }
    await startSession(context, request, { email: identity.email, name: identity.name, role: identity.role, via: "oidc" });
    return reply.redirect(flow.next, 303);
  });

  app.post("/sign-out", { config: { access: "public" } }, async (request, reply) => {
    if (request.person) await endConsoleSession(context.services.db, request.person.sessionId, context.services.clock());
    request.session.regenerate();
    request.session.set("notice", "You have signed out.");
    return reply.redirect("/sign-in", 303);
  });
}
