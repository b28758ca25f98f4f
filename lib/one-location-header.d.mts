/** Types of lib/one-location-header.mjs (plain JavaScript: server.mjs runs without compilation). */
import { IncomingMessage, ServerResponse } from "node:http";

export declare class OneLocationResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {}
