// The `intake` command line. Exit codes: 0 success, 2 bad usage or configuration, 1 other failure.
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { ConfigError } from "../config/config.ts";
import { InputError } from "../input-error.ts";
import { registerAuthorisers } from "./commands/authorisers.ts";
import { registerCases } from "./commands/cases.ts";
import { registerConfig } from "./commands/config.ts";
import { registerConsole } from "./commands/console.ts";
import { registerDomains } from "./commands/domains.ts";
import { registerForms } from "./commands/forms.ts";
import { registerMessages } from "./commands/messages.ts";
import { registerOrganisations } from "./commands/organisations.ts";
import { registerRequests } from "./commands/requests.ts";
import { registerRun } from "./commands/run.ts";
import { registerSenders } from "./commands/senders.ts";
import { registerStatus } from "./commands/status.ts";
import { registerUsers } from "./commands/users.ts";
import { cliEnvironment } from "./environment.ts";
import { endQuietlyWhenOutputCloses, printError, printText } from "./output.ts";

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** The version in package.json: what `npm ci` installed is what runs, with no build in between. */
function packageVersion(): string {
  const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return version;
}

export function buildProgram(env: Readonly<Record<string, string | undefined>>): Command {
  const program = new Command("intake")
    .description("ePACT2 registration intake: reads returned registration forms from the support mailbox, checks them and replies")
    .version(packageVersion(), "-V, --version", "print the version and exit")
    .showHelpAfterError()
    // Commander echoes arguments in its errors ("unknown option ..."): escaped like all output.
    .configureOutput({ writeOut: printText, writeErr: printError })
    .exitOverride();
  const cli = cliEnvironment(env);
  registerRun(program, cli);
  registerStatus(program, cli);
  registerMessages(program, cli);
  registerSenders(program, cli);
  registerRequests(program, cli);
  registerCases(program, cli);
  registerOrganisations(program, cli);
  registerForms(program, cli);
  registerConfig(program, cli);
  registerAuthorisers(program, cli);
  registerDomains(program, cli);
  registerConsole(program, cli);
  registerUsers(program, cli);
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

export async function main(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
  endQuietlyWhenOutputCloses();
  const program = buildProgram(env);
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof ConfigError) {
      printError(`intake: configuration error: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof InputError) {
      printError(`intake: ${error.message}\n`);
      return EXIT.usage;
    }
    printError(`intake: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
}
