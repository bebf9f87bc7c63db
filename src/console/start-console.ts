// Starts the console on its configured address with the services open: the session key from
// INTAKE_CONSOLE_SESSION_KEY or a key file made once beside the database, OpenID Connect when
// an issuer is set, and the real casework. Used by `intake console` and `intake run`.
import { randomBytes, createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_CONSOLE_PORT, type Config } from "../config/config.ts";
import type { Services } from "../intake/intake-context.ts";
import type { CaseworkPort } from "./casework-port.ts";
import type { ConsoleContext } from "./console-context.ts";
import { buildConsole, type ConsoleOptions } from "./server.ts";
import { createOidcSignIn, type OidcOptions } from "./sign-in/oidc.ts";
import { createViews } from "./views.ts";

export interface RunningConsole {
  /** Where it listens, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  close(): Promise<void>;
}

/** 32 bytes for the cookie's encryption: from the setting (hashed to length), or the key file. */
export function consoleSessionKey(config: Config): Buffer {
  const configured = config.console.sessionKey;
  if (configured) return createHash("sha256").update(configured, "utf8").digest();
  const keyFile = path.join(path.dirname(config.databasePath), "console-session.key");
  if (!existsSync(keyFile)) {
    // "wx": two processes starting at once must not each write a different key.
    try {
      writeFileSync(keyFile, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const key = Buffer.from(readFileSync(keyFile, "utf8").trim(), "base64");
  if (key.length !== 32) throw new Error(`${keyFile} does not hold a 32-byte key (base64); delete it to have a new one made`);
  return key;
}

export interface StartConsoleOptions extends Partial<ConsoleOptions> {
  readonly casework: CaseworkPort;
  /** Listen here instead of the configured port (0: any free port; tests). */
  readonly port?: number;
  readonly oidc?: OidcOptions;
}

export async function startConsole(services: Services, options: StartConsoleOptions): Promise<RunningConsole> {
  const { config } = services;
  const port = options.port ?? config.console.port ?? DEFAULT_CONSOLE_PORT;
  const host = config.console.host;
  const limits = { lifetimeMs: config.console.sessionHours * 3_600_000, idleMs: config.console.idleMinutes * 60_000 };
  // The public address must be known before listening (it names the OpenID Connect redirect);
  // with port 0 it is only known after, so the context is completed then.
  let publicUrl = config.console.publicUrl ?? `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const context: { -readonly [K in keyof ConsoleContext]: ConsoleContext[K] } = {
    services,
    views: createViews(),
    casework: options.casework,
    publicUrl,
    limits,
    oidc: null,
  };
  const app = await buildConsole(context, { sessionKey: options.sessionKey ?? consoleSessionKey(config), signInLimit: options.signInLimit });
  await app.listen({ port, host });
  const address = app.server.address();
  if (port === 0 && address && typeof address === "object" && config.console.publicUrl === null) {
    publicUrl = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
    context.publicUrl = publicUrl;
  }
  if (config.console.oidc) context.oidc = createOidcSignIn(config.console.oidc, `${publicUrl}/sign-in/callback`, options.oidc);
  services.log.info("console listening", { url: publicUrl, signIn: config.console.oidc ? "openid-connect" : "local accounts" });
  return { url: publicUrl, close: () => app.close() };
}
