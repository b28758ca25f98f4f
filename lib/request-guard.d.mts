/** Types of lib/request-guard.mjs (plain JavaScript: server.mjs runs without compilation). */
import type { IncomingMessage, ServerResponse } from "node:http";

export declare function createRequestGuard(options?: {
  trustedProxies?: string;
  publicOrigin?: string;
  bodyLimit?: number;
}): (req: IncomingMessage, res: ServerResponse, next: (req: IncomingMessage) => void) => void;
