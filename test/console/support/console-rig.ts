// A console running on a free loopback port over a throw-away intake installation (the
// workspace: SQLite, outbox, sample organisations and directory) and the real casework, with
// local accounts made as `intake users add` makes them, and a cookie-keeping HTTP visitor for
// requests without a browser. Cases are made as the intake makes them: mail delivered to the
// workspace's Maildir and taken in by a pass, before the rig starts.
import { randomBytes } from "node:crypto";
import { loadConfig } from "../../../src/config/config.ts";
import { caseworkOf } from "../../../src/console/casework-binding.ts";
import type { CaseworkPort } from "../../../src/console/casework-port.ts";
import { listCases } from "../../../src/records/cases.ts";
import type { ConsoleRole } from "../../../src/staff/roles.ts";
import { hashPassword } from "../../../src/console/sign-in/passwords.ts";
import type { OidcOptions } from "../../../src/console/sign-in/oidc.ts";
import { startConsole, type RunningConsole } from "../../../src/console/start-console.ts";
import { closeServices, openServices, type Services } from "../../../src/intake/intake-context.ts";
import { silentLogger } from "../../../src/log/logger.ts";
import { addConsoleUser } from "../../../src/records/console-users.ts";
import { createWorkspace, type Workspace } from "../../support/workspace.ts";

export interface ConsoleRig {
  readonly workspace: Workspace;
  readonly services: Services;
  readonly url: string;
  /** Moves the console's clock (sessions, ages) by this much. */
  advance(ms: number): void;
  addUser(email: string, role: ConsoleRole, password?: string): Promise<void>;
  /** The number of the case the message with this Message-ID opened. */
  caseOf(messageId: string): Promise<number>;
  visitor(): Visitor;
  close(): Promise<void>;
}

export interface RigOptions {
  /** The casework the console works with; the real one unless a test needs another. */
  readonly casework?: CaseworkPort;
  readonly env?: Record<string, string>;
  readonly oidc?: OidcOptions;
  /** The OpenID Connect issuer, set past the configuration's https-only check (a loopback provider). */
  readonly oidcIssuer?: string;
  readonly signInLimit?: { max: number; windowMs: number };
  readonly workspace?: Workspace;
}

export const PASSWORD = "correct horse battery staple";

export async function startConsoleRig(options: RigOptions): Promise<ConsoleRig> {
  const workspace = options.workspace ?? (await createWorkspace([]));
  const loaded = loadConfig({ ...workspace.env, ...options.env });
  const oidc = loaded.console.oidc && options.oidcIssuer ? { ...loaded.console.oidc, issuer: options.oidcIssuer } : loaded.console.oidc;
  const config = { ...loaded, console: { ...loaded.console, oidc } };
  const opened = await openServices(config, silentLogger());
  let offset = 0;
  const services: Services = { ...opened, clock: () => new Date(Date.now() + offset) };
  const casework = options.casework ?? caseworkOf();
  const running: RunningConsole = await startConsole(services, {
    casework,
    port: 0,
    sessionKey: randomBytes(32),
    oidc: options.oidc,
    signInLimit: options.signInLimit ?? { max: 1000, windowMs: 60_000 },
  });
  return {
    workspace,
    services,
    url: running.url,
    advance: (ms) => {
      offset += ms;
    },
    async addUser(email, role, password = PASSWORD) {
      await addConsoleUser(services.db, { email, role, passwordHash: await hashPassword(password) }, services.clock());
    },
    async caseOf(messageId) {
      const { cases } = await listCases(services.db, { limit: 10_000, offset: 0 });
      const found = cases.find((c) => c.messageId === messageId);
      if (!found) throw new Error(`no case opened by ${messageId}`);
      return found.id;
    },
    visitor: () => new Visitor(running.url),
    async close() {
      await running.close();
      await closeServices(opened);
      if (!options.workspace) workspace.remove();
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly location: string | null;
}

/** A browser without a browser: keeps cookies, follows nothing by itself, reads CSRF tokens. */
export class Visitor {
  readonly cookies = new Map<string, string>();
  readonly base: string;
  constructor(base: string) {
    this.base = base;
  }

  private remember(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const [name = "", ...value] = pair.split("=");
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value.join("="));
    }
  }

  private async send(path: string, init: RequestInit): Promise<Answer> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(new URL(path, this.base), { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    this.remember(response);
    return { status: response.status, headers: response.headers, text: await response.text(), location: response.headers.get("location") };
  }

  get(path: string): Promise<Answer> {
    return this.send(path, { method: "GET" });
  }

  post(path: string, fields: Record<string, string | readonly string[]>): Promise<Answer> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const one of typeof value === "string" ? [value] : value) body.append(name, one);
    return this.send(path, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
  }

  postFile(path: string, fields: Record<string, string>, file: { name: string; bytes: Uint8Array }): Promise<Answer> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append("file", new Blob([file.bytes]), file.name);
    return this.send(path, { method: "POST", body: form });
  }

  /** The CSRF token in the forms of a page. */
  static csrf(html: string): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!match?.[1]) throw new Error("no CSRF token on the page");
    return match[1];
  }

  async signIn(email: string, password = PASSWORD): Promise<Answer> {
    const page = await this.get("/sign-in");
    return this.post("/sign-in", { _csrf: Visitor.csrf(page.text), email, password, next: "/" });
  }

  /** A page's CSRF token, from a GET of that page. */
  async token(path = "/"): Promise<string> {
    return Visitor.csrf((await this.get(path)).text);
  }
}
