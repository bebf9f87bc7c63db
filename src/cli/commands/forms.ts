import path from "node:path";
import type { Command } from "commander";
import type { CliEnvironment } from "../environment.ts";
import { printText } from "../output.ts";

export function registerForms(program: Command, env: CliEnvironment): void {
  const forms = program.command("forms").description("the downloadable registration forms");
  forms
    .command("build")
    .description("write the fillable PDF of every registration form; each tells people to return it to INTAKE_SUPPORT_ADDRESS")
    .requiredOption("--out <dir>", "directory to write the PDFs into (created if missing)")
    .action(async (options: { out: string }) => {
      const { config } = env.load();
      const { writeAllBlankForms } = await import("../../forms/generate-form.ts");
      const written = await writeAllBlankForms(path.resolve(options.out), { returnAddress: config.supportAddress });
      for (const file of written) printText(`${file}\n`);
    });
}
