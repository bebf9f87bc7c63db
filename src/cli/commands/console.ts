import type { Command } from "commander";
import type { RunningConsole } from "../../console/start-console.ts";
import type { Services } from "../../intake/intake-context.ts";
import type { CliEnvironment } from "../environment.ts";
import { untilStopped } from "../until-stopped.ts";

/**
 * The console on the real casework, for `intake console` and for `intake run` with
 * INTAKE_CONSOLE_PORT: its web server and pages are loaded only then.
 */
export async function serveConsole(services: Services): Promise<RunningConsole> {
  const [{ startConsole }, { caseworkOf }] = await Promise.all([import("../../console/start-console.ts"), import("../../console/casework-binding.ts")]);
  return startConsole(services, { casework: caseworkOf() });
}

export function registerConsole(program: Command, env: CliEnvironment): void {
  program
    .command("console")
    .description(
      "serve the support team's console on INTAKE_CONSOLE_HOST:INTAKE_CONSOLE_PORT (default 127.0.0.1:3000) until stopped; sign-in with local accounts (intake users add) or OpenID Connect (INTAKE_OIDC_ISSUER)",
    )
    .action(async () => {
      const { config, log } = env.load();
      const { closeServices, openServices } = await import("../../intake/intake-context.ts");
      const services = await openServices(config, log);
      try {
        const running = await serveConsole(services);
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
