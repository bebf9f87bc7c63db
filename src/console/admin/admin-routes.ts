// placeholder
import type { FastifyInstance } from "fastify";
import type { ConsoleContext } from "../console-context.ts";

export function registerAdmin(_app: FastifyInstance, _context: ConsoleContext): void {}
