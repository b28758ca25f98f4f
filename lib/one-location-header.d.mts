/** Types of lib/one-location-header.mjs (plain JavaScript: server.mjs runs without compilation). */
import type { ServerResponse } from "node:http";

export declare function keepOneLocationHeader<R extends ServerResponse>(res: R): R;
