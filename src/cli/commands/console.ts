import type { Command } from "commander";
import type { CliEnvironment } from "../environment.ts";
import { untilStopped } from "../until-stopped.ts";

export function registerConsole(program: Command, env: CliEnvironment): void {
  program
    .command("console")
    .description(
      "serve the support team's console on INTAKE_CONSOLE_HOST:INTAKE_CONSOLE_PORT (default 127.0.0.1:3000) until stopped; sign-in with local accounts (intake users add) or OpenID Connect (INTAKE_OIDC_ISSUER)",
    )
    .action(async () => {
      const { config, log } = env.load();
      const [{ caseworkOf }, { startConsole }, { closeServices, openServices }] = await Promise.all([
        import("../../console/casework-binding.ts"),
        import("../../console/start-console.ts"),
        import("../../intake/intake-context.ts"),
      ]);
      const services = await openServices(config, log);
      try {
        const running = await startConsole(services, { casework: caseworkOf() });
        try {
          await untilStopped(log);
        } finally {
          await running.close();
        }
      } finally {
        await closeServices(services);
      }
      log.info("console stopped");
    });
}
