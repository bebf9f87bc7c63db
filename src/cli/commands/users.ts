import type { Command } from "commander";
import { normaliseAddress } from "../../message/addresses.ts";
import { InputError } from "../../input-error.ts";
import { endConsoleSessionsOf } from "../../records/console-sessions.ts";
import { addConsoleUser, disableConsoleUser, listConsoleUsers, updateConsoleUser } from "../../records/console-users.ts";
import { CONSOLE_ROLES, isConsoleRole, type ConsoleRole } from "../../staff/roles.ts";
import type { CliEnvironment } from "../environment.ts";
import { printJson, printTable, printText } from "../output.ts";
import { readPassword } from "../read-password.ts";

class UserInputError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "UserInputError";
  }
}

function address(raw: string): string {
  const parsed = normaliseAddress(raw);
  if (!parsed) throw new UserInputError(`${JSON.stringify(raw)} is not an email address`);
  return parsed.address;
}

function role(raw: string): ConsoleRole {
  if (!isConsoleRole(raw)) throw new UserInputError(`--role must be ${CONSOLE_ROLES.join(" or ")}, not ${JSON.stringify(raw)}`);
  return raw;
}

async function newPasswordHash(): Promise<string> {
  const { hashPassword, passwordProblem } = await import("../../console/sign-in/passwords.ts");
  const password = await readPassword();
  const problem = passwordProblem(password);
  if (problem) throw new UserInputError(problem);
  return hashPassword(password);
}

const PASSWORD_HELP = `
The password is asked for on the terminal (twice, not shown), or read as the first line
of standard input when that is not a terminal:  printf '%s\\n' "$PASSWORD" | intake users add ...
It must be at least 12 characters long. Accounts are used only when INTAKE_OIDC_ISSUER is empty.`;

export function registerUsers(program: Command, env: CliEnvironment): void {
  const users = program.command("users").description("local accounts of the support team's console (used when no OpenID Connect issuer is set)");

  users
    .command("add")
    .description("add an account: an agent works the cases, an admin also keeps the reference data")
    .argument("<email>", "the person's email address")
    .requiredOption("--role <role>", `${CONSOLE_ROLES.join(" or ")}`)
    .addHelpText("after", PASSWORD_HELP)
    .action(async (email: string, options: { role: string }) => {
      const user = { email: address(email), role: role(options.role) };
      const passwordHash = await newPasswordHash();
      const { log } = env.load();
      const added = await env.withDatabase((db) => addConsoleUser(db, { ...user, passwordHash }, new Date()));
      if (!added) throw new UserInputError(`${user.email} has an account already; use intake users password or intake users role`);
      log.info("console account added", { role: user.role });
      printText(`Added ${user.email} (${user.role}).\n`);
    });

  users
    .command("password")
    .description("set a new password for an account (and enable it again if it was disabled)")
    .argument("<email>", "the person's email address")
    .addHelpText("after", PASSWORD_HELP)
    .action(async (email: string) => {
      const target = address(email);
      const passwordHash = await newPasswordHash();
      const changed = await env.withDatabase(async (db) => {
        const done = await updateConsoleUser(db, target, { passwordHash });
        if (done) await endConsoleSessionsOf(db, target, new Date());
        return done;
      });
      if (!changed) throw new UserInputError(`${target} has no account`);
      printText(`New password set for ${target}; their sessions are ended.\n`);
    });

  users
    .command("role")
    .description("change what an account may do; its sessions end, so the new role holds at once")
    .argument("<email>", "the person's email address")
    .argument("<role>", CONSOLE_ROLES.join(" or "))
    .action(async (email: string, newRole: string) => {
      const target = address(email);
      const checked = role(newRole);
      const changed = await env.withDatabase(async (db) => {
        const done = await updateConsoleUser(db, target, { role: checked });
        if (done) await endConsoleSessionsOf(db, target, new Date());
        return done;
      });
      if (!changed) throw new UserInputError(`${target} has no account`);
      printText(`${target} is now ${checked}.\n`);
    });

  users
    .command("disable")
    .description("stop an account signing in, and end its sessions (accounts are never deleted)")
    .argument("<email>", "the person's email address")
    .action(async (email: string) => {
      const target = address(email);
      const disabled = await env.withDatabase(async (db) => {
        const now = new Date();
        const done = await disableConsoleUser(db, target, now);
        await endConsoleSessionsOf(db, target, now);
        return done;
      });
      if (!disabled) throw new UserInputError(`${target} has no account, or it is disabled already`);
      printText(`Disabled ${target}; their sessions are ended.\n`);
    });

  users
    .command("list")
    .description("list the accounts")
    .option("--json", "print JSON (one object per account, without password hashes)")
    .action(async (options: { json?: boolean }) => {
      const list = await env.withDatabase((db) => listConsoleUsers(db));
      const rows = list.map((u) => ({
        email: u.email,
        role: u.role,
        createdAt: u.createdAt.toISOString(),
        disabledAt: u.disabledAt?.toISOString() ?? null,
      }));
      if (options.json) return printJson(rows);
      printTable(rows.map((r) => ({ ...r, disabledAt: r.disabledAt ?? "" })), ["email", "role", "createdAt", "disabledAt"]);
    });
}
