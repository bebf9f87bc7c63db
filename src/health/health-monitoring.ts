// For `intake run`: the health endpoint (when INTAKE_HEALTH_PORT is set) and a review of the
// intake's health on an interval, so an alert goes out even when passes stop happening at
// all. Reviews never overlap; a failed review is logged and the next one tries again.
import { ConfigError } from "../config/config.ts";
import { startHealthServer, type HealthServer } from "./health-server.ts";
import { assessNow, reviewHealth, type HealthContext } from "./review-health.ts";

export interface HealthMonitoring {
  /** The health endpoint's port; null when it is off. */
  readonly port: number | null;
  /** Stops the interval and the endpoint, after the review under way. */
  stop(): Promise<void>;
}

export interface HealthMonitoringOptions {
  /** Default one minute. */
  readonly intervalMs?: number;
}

async function listen(context: HealthContext): Promise<HealthServer | null> {
  const setting = context.config.health;
  if (!setting) return null;
  try {
    return await startHealthServer({ port: setting.port, host: setting.host, assess: () => assessNow(context) });
  } catch (error) {
    throw new ConfigError("INTAKE_HEALTH_PORT", `cannot listen on ${setting.host}:${setting.port}: ${(error as Error).message}`);
  }
}

export async function startHealthMonitoring(context: HealthContext, options: HealthMonitoringOptions = {}): Promise<HealthMonitoring> {
  const server = await listen(context);
  if (server) context.log.info("health endpoint listening", { url: `http://${server.host}:${server.port}/health` });
  let current: Promise<unknown> | null = null;
  const review = (): void => {
    if (current) return;
    current = reviewHealth(context)
      .catch((error: unknown) => context.log.error("health review failed", { error: (error as Error).message }))
      .finally(() => {
        current = null;
      });
  };
  const timer = setInterval(review, options.intervalMs ?? 60_000);
  timer.unref(); // never the reason the process stays up
  return {
    port: server?.port ?? null,
    async stop(): Promise<void> {
      clearInterval(timer);
      if (current) await current;
      await server?.close();
    },
  };
}
