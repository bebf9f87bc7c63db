// The support team's console: a Fastify application of server-rendered pages in the NHS
// design system. Owns the plugins and the security every page gets: a strict
// Content-Security-Policy with a nonce for the design system's one inline script, the other
// security headers, pages never cached, an encrypted session cookie naming a session kept on
// the server, CSRF on every form, sign-in rate-limited. Features register their routes from
// their own folders; they may call the casework (through casework-port.ts) and src/records.
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import multipart from "@fastify/multipart";
import rateLimit from "@fastify/rate-limit";
import secureSession from "@fastify/secure-session";
import csrf from "@fastify/csrf-protection";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { registerAdmin } from "./admin/admin-routes.ts";
import { registerAssets } from "./assets.ts";
import { registerCase } from "./case/case-routes.ts";
import type { ConsoleContext } from "./console-context.ts";
import { registerDashboard } from "./dashboard/dashboard-routes.ts";
import { sendPage } from "./page.ts";
import { registerQueue } from "./queue/queue-routes.ts";
import { registerRequests } from "./requests/requests-routes.ts";
import { requireSignIn } from "./signed-in.ts";
import { registerSignIn } from "./sign-in/sign-in-routes.ts";

export interface ConsoleOptions {
  /** 32 bytes that encrypt the session cookie. */
  readonly sessionKey: Buffer;
  /** Sign-in attempts allowed from one address in a window (the default: 10 in 10 minutes). */
  readonly signInLimit?: { readonly max: number; readonly windowMs: number };
}

/** The largest upload: an epraccur extract is a few megabytes. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** The CSRF token of a posted form: the `_csrf` field of a url-encoded or multipart body, nowhere else. */
function csrfToken(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | null | undefined;
  const field = body?._csrf;
  if (typeof field === "string") return field;
  if (field && typeof field === "object" && "value" in field && typeof field.value === "string") return field.value;
  return undefined;
}

async function registerPlugins(app: FastifyInstance, context: ConsoleContext, options: ConsoleOptions): Promise<void> {
  const https = context.publicUrl.startsWith("https:");
  await app.register(helmet, {
      enableCSPNonces: true,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          manifestSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      frameguard: { action: "deny" },
      hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: "no-referrer" },
      crossOriginEmbedderPolicy: false,
    });
  await app.register(secureSession, {
      key: options.sessionKey,
      cookieName: https ? "__Host-console" : "console",
      expiry: Math.ceil(context.limits.lifetimeMs / 1000),
      cookie: { path: "/", httpOnly: true, sameSite: "lax", secure: https },
    });
  await app.register(csrf, { sessionPlugin: "@fastify/secure-session", getToken: csrfToken });
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20 } });
  await app.register(rateLimit, { global: false });
}

function refusal(context: ConsoleContext, request: FastifyRequest, reply: FastifyReply, status: number): FastifyReply {
  const pages: Record<number, { title: string; text: string }> = {
    400: { title: "The form could not be read", text: "Go back, check what you entered and try again." },
    403: {
      title: "You cannot do that",
      text: "Either your role does not allow it, or the form was not sent from this console (or it was open too long). Go back, reload the page and try again.",
    },
    404: { title: "Page not found", text: "If you typed the address, check it is correct." },
    413: { title: "The file is too large", text: `A file can be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.` },
    429: { title: "Too many attempts", text: "Wait a few minutes, then try again." },
  };
  const page = pages[status] ?? { title: "Sorry, there is a problem with the service", text: "Try again later." };
  return sendPage(context, request, reply, "views/refusal.njk", { ...page }, status);
}

/** The console as a Fastify application, ready to listen (or to be given requests in tests). */
export async function buildConsole(context: ConsoleContext, options: ConsoleOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, trustProxy: false, bodyLimit: 1024 * 1024, return503OnClosing: true });
  await registerPlugins(app, context, options);
  app.decorateRequest("person", null);
  // Who is asking is settled before any body is read: a stranger's upload is never parsed.
  app.addHook("onRequest", requireSignIn(context, (request, reply) => refusal(context, request, reply, 403)));
  app.addHook("preHandler", (request, reply, done) => {
    if (request.method === "GET" || request.method === "HEAD") return done();
    app.csrfProtection(request, reply, done);
  });
  app.addHook("onSend", (request, reply, payload, done) => {
    if (!request.url.startsWith("/assets/")) reply.header("cache-control", "no-store");
    reply.header("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
    done(null, payload);
  });
  app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    const status = typeof error.statusCode === "number" && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) context.services.log.error("console request failed", { url: request.url, error: (error as Error).message });
    return refusal(context, request, reply, status);
  });
  app.setNotFoundHandler((request, reply) => refusal(context, request, reply, 404));

  await registerAssets(app);
  registerSignIn(app, context, options.signInLimit ?? { max: 10, windowMs: 10 * 60_000 });
  registerQueue(app, context);
  registerCase(app, context);
  registerRequests(app, context);
  registerDashboard(app, context);
  registerAdmin(app, context);
  return app;
}
