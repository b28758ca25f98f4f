/** Types of lib/request-boundary.mjs (plain JavaScript: server.mjs runs without compilation). */
export declare const CLIENT_ADDRESS_HEADER: string;
export declare const UNKNOWN_ADDRESS: string;
export declare const BODY_LIMIT_BYTES: number;
export type TrustedProxies = { has(address: string): boolean; size: number };
export declare function declareRequestGuard(): void;
export declare function clientAddressFromHeader(value: string | null | undefined): string;
export declare function parseTrustedProxies(value: string | undefined | null): TrustedProxies;
export declare function clientAddressOf(options: {
  socketAddress: string | undefined | null;
  forwardedFor: string | undefined | null;
  trustedProxies: TrustedProxies;
}): string;
export declare function crossOriginRefusal(request: {
  method: string;
  origin: string | null | undefined;
  secFetchSite: string | null | undefined;
  host: string | null | undefined;
  publicOrigin: string | null | undefined;
}): string | null;
export declare function webSocketOriginRefusal(request: {
  origin: string | null | undefined;
  secFetchSite: string | null | undefined;
  host: string | null | undefined;
  publicOrigin: string | null | undefined;
}): string | null;
export declare class BodyTooLargeError extends Error {
  readonly limit: number;
  constructor(limit: number);
}
export declare class BadContentLengthError extends Error {}
export declare function checkDeclaredLength(contentLength: string | null | undefined, limit: number): void;
export declare function readBody(
  chunks: AsyncIterable<Uint8Array | string> | null | undefined,
  options: { limit: number; contentLength?: string | null },
): Promise<Buffer>;
