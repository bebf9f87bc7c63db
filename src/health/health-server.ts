// The HTTP health endpoint (node:http): GET /health answers the assessment as JSON, 200 when
// intake is ok and 503 otherwise, so a load balancer or monitor needs no parsing. Anything
// else is 404. It only reads: looking at it never raises or resolves an alert.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { printableJson } from "../printable.ts";
import type { Assessment } from "./assess-health.ts";

export interface HealthServerOptions {
  /** 0: any free port (tests). */
  readonly port: number;
  /** Default 127.0.0.1: this machine only. */
  readonly host?: string;
  readonly assess: () => Promise<Assessment>;
}

export interface HealthServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

function answer(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  // An error a mail server sent may be quoted in the problems; a monitor may print the body.
  response.end(`${printableJson(body, 2)}\n`);
}

async function health(options: HealthServerOptions, response: http.ServerResponse): Promise<void> {
  try {
    const assessment = await options.assess();
    answer(response, assessment.status === "ok" ? 200 : 503, assessment);
  } catch (error) {
    // Health that cannot be judged is not health.
    answer(response, 503, { status: "failing", problems: [`HEALTH_UNKNOWN: the health could not be assessed (${(error as Error).message})`] });
  }
}

export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const host = options.host ?? "127.0.0.1";
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://health").pathname;
    if (request.method === "GET" && path === "/health") {
      void health(options, response);
      return;
    }
    answer(response, 404, { error: "not found; GET /health" });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    host,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // keep-alive connections would hold close() open
      }),
  };
}
