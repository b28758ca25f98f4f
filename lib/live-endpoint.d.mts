/** Types of lib/live-endpoint.mjs (plain JavaScript: server.mjs runs without compilation). */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

export declare const LIVE_PATH: "/collab";
export type LiveEndpoint = {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Stores the open live documents' unstored changes now (one check's, or all). */
  flush(factCheckId?: string): Promise<void>;
  /** Who has each of these checks open now (id and name), for the desk. */
  editingNow(factCheckIds: string[]): Promise<Map<string, { id: string; name: string }[]>>;
  close(): Promise<void>;
};
export declare function provideLiveServer(server: LiveEndpoint): void;
export declare function providedLiveServer(): LiveEndpoint | null;
export declare function liveUrl(location: { protocol: string; host: string }): string;
