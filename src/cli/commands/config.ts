import type { Command } from "commander";
import { describeSettings, withoutSecrets } from "../../config/config.ts";
import type { CliEnvironment } from "../environment.ts";
import { printJson, printTable } from "../output.ts";

export function registerConfig(program: Command, env: CliEnvironment): void {
  const config = program.command("config").description("the INTAKE_* settings");
  config
    .command("show")
    .description("validate the configuration and print the settings in effect, as JSON")
    .action(() => {
      printJson(withoutSecrets(env.load().config));
    });
  config
    .command("help")
    .description("list every INTAKE_* variable with its default and what it expects")
    .action(() => {
      printTable(
        describeSettings().map((s) => ({ variable: s.name, default: s.default, expects: s.expected })),
        ["variable", "default", "expects"],
      );
    });
}
