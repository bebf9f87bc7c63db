// The console's own static files, served from the application (nothing from a CDN): the NHS
// design system's stylesheet, script, icons and manifest, and the console's additions.
// The design system's stylesheet loads the Frutiger font from assets.nhs.uk; it is served
// without those @font-face rules, so pages use the design system's own fallback, Arial.
import { readFileSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { CONSOLE_DIR, NHSUK_DIST } from "./views.ts";

const NHSUK = path.join(NHSUK_DIST, "nhsuk");
const OWN = path.join(CONSOLE_DIR, "assets");

/** The stylesheet without @font-face rules: nothing it asks for comes from another origin. */
export function withoutFontFaces(css: string): string {
  return css.replace(/@font-face\{[^}]*\}/g, "");
}

const ONE_HOUR = "public, max-age=3600";

export async function registerAssets(app: FastifyInstance): Promise<void> {
  const stylesheet = withoutFontFaces(readFileSync(path.join(NHSUK, "nhsuk-frontend.min.css"), "utf8"));
  const script = readFileSync(path.join(NHSUK, "nhsuk-frontend.min.js"), "utf8");
  const config = { access: "public" as const };
  app.get("/assets/nhsuk-frontend.css", { config }, (_request, reply) =>
    reply.header("cache-control", ONE_HOUR).type("text/css; charset=utf-8").send(stylesheet),
  );
  app.get("/assets/nhsuk-frontend.js", { config }, (_request, reply) =>
    reply.header("cache-control", ONE_HOUR).type("text/javascript; charset=utf-8").send(script),
  );
  // The design system's icons and manifest; then the console's own stylesheet and script.
  // In a scope of their own, where every route is public: the sign-in page needs them.
  await app.register(async (scope) => {
    scope.addHook("onRoute", (route) => {
      route.config = { ...route.config, access: "public" };
    });
    await scope.register(fastifyStatic, { root: path.join(NHSUK, "assets"), prefix: "/assets/", decorateReply: false, index: false, maxAge: 3_600_000 });
    await scope.register(fastifyStatic, { root: OWN, prefix: "/assets/console/", decorateReply: false, index: false, maxAge: 3_600_000 });
  });
}
