/** Types of lib/live-endpoint.mjs (plain JavaScript: server.mjs runs without compilation). */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

export declare const LIVE_PATH: "/collab";
export type LiveEndpoint = { handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void; close(): Promise<void> };
export declare function provideLiveServer(server: LiveEndpoint): void;
export declare function providedLiveServer(): LiveEndpoint | null;
