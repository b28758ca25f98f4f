import { describe, expect, it } from "vitest";
import {
  BODY_LIMIT_BYTES,
  BodyTooLargeError,
  clientAddressOf,
  crossOriginRefusal,
  parseTrustedProxies,
  readBody,
} from "./request-boundary.mjs";

describe("clientAddressOf", () => {
  const none = parseTrustedProxies(undefined);

  it("with no trusted proxy (the default), is the socket's address whatever X-Forwarded-For says", () => {
    expect(clientAddressOf({ socketAddress: "203.0.113.5", forwardedFor: "198.51.100.1", trustedProxies: none })).toBe("203.0.113.5");
    expect(clientAddressOf({ socketAddress: "::ffff:127.0.0.9", forwardedFor: "1.1.1.1, 2.2.2.2", trustedProxies: none })).toBe("127.0.0.9");
  });

  it("behind a trusted proxy, is the right-most address that is not a trusted proxy, never the left-most", () => {
    const trusted = parseTrustedProxies("127.0.0.1, 10.0.0.0/8");
    // client 198.51.100.7 wrote "6.6.6.6" itself; its proxy 10.1.2.3 appended what it saw, then the front proxy 127.0.0.1.
    expect(clientAddressOf({ socketAddress: "127.0.0.1", forwardedFor: "6.6.6.6, 198.51.100.7, 10.1.2.3", trustedProxies: trusted })).toBe("198.51.100.7");
    expect(clientAddressOf({ socketAddress: "127.0.0.1", forwardedFor: "198.51.100.8", trustedProxies: trusted })).toBe("198.51.100.8");
  });

  it("ignores X-Forwarded-For from a socket that is not a trusted proxy", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8");
    expect(clientAddressOf({ socketAddress: "203.0.113.5", forwardedFor: "1.1.1.1", trustedProxies: trusted })).toBe("203.0.113.5");
  });

  it("when every hop is a trusted proxy, is the left-most of them; with no header, the proxy itself", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8 127.0.0.1");
    expect(clientAddressOf({ socketAddress: "127.0.0.1", forwardedFor: "10.0.0.2, 10.0.0.3", trustedProxies: trusted })).toBe("10.0.0.2");
    expect(clientAddressOf({ socketAddress: "127.0.0.1", forwardedFor: undefined, trustedProxies: trusted })).toBe("127.0.0.1");
  });

  it("matches IPv6 ranges and IPv4 written as IPv6", () => {
    const trusted = parseTrustedProxies("::1, 2001:db8::/32");
    expect(clientAddressOf({ socketAddress: "::1", forwardedFor: "2001:db8::5, 2001:db9::1, 2001:db8::9", trustedProxies: trusted })).toBe("2001:db9::1");
  });

  it("refuses a list entry that is neither an address nor a range", () => {
    for (const bad of ["localhost", "10.0.0.0/33", "10.0.0.0/x", "1.2.3"]) {
      expect(() => parseTrustedProxies(bad), bad).toThrow(/FACTDESK_TRUSTED_PROXIES/);
    }
  });
});

describe("crossOriginRefusal", () => {
  const request = { method: "POST", host: "127.0.0.1:3000", publicOrigin: "https://desk.example.org" };

  it("lets reads through from anywhere", () => {
    expect(crossOriginRefusal({ ...request, method: "GET", origin: "http://evil.example", secFetchSite: "cross-site" })).toBeNull();
  });

  it("lets a write through from the app's own origin, by Host or by FACTDESK_PUBLIC_URL", () => {
    expect(crossOriginRefusal({ ...request, origin: "http://127.0.0.1:3000", secFetchSite: "same-origin" })).toBeNull();
    expect(crossOriginRefusal({ ...request, origin: "https://desk.example.org", secFetchSite: undefined })).toBeNull();
  });

  it("lets a write with neither header through (a script, not a browser)", () => {
    expect(crossOriginRefusal({ ...request, origin: null, secFetchSite: null })).toBeNull();
  });

  it("refuses a write from another port of the same host, another site, or an opaque origin", () => {
    expect(crossOriginRefusal({ ...request, origin: "http://127.0.0.1:4000", secFetchSite: "same-site" })).toMatch(/another site/);
    expect(crossOriginRefusal({ ...request, origin: "http://127.0.0.1:4000", secFetchSite: null })).toMatch(/another origin/);
    expect(crossOriginRefusal({ ...request, origin: "null", secFetchSite: null })).toMatch(/another origin/);
    expect(crossOriginRefusal({ ...request, origin: null, secFetchSite: "cross-site" })).toMatch(/another site/);
    expect(crossOriginRefusal({ ...request, method: "DELETE", origin: "https://evil.example", secFetchSite: undefined })).toMatch(/another origin/);
  });
});

describe("readBody", () => {
  async function* chunks(sizes: number[], sent: { bytes: number }) {
    for (const size of sizes) {
      sent.bytes += size;
      yield new Uint8Array(size);
    }
  }

  it("reads a body within the cap", async () => {
    const sent = { bytes: 0 };
    expect((await readBody(chunks([3, 4], sent), { limit: 10 })).byteLength).toBe(7);
  });

  it("refuses a declared length over the cap before reading a byte", async () => {
    const sent = { bytes: 0 };
    await expect(readBody(chunks([5], sent), { limit: 10, contentLength: "11" })).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(sent.bytes).toBe(0);
  });

  it("stops reading a body without a declared length as soon as it passes the cap", async () => {
    const sent = { bytes: 0 };
    const huge = Array.from({ length: 100 }, () => 64 * 1024);
    await expect(readBody(chunks(huge, sent), { limit: BODY_LIMIT_BYTES })).rejects.toThrow(/larger than 1 MB/);
    expect(sent.bytes).toBeLessThanOrEqual(BODY_LIMIT_BYTES + 64 * 1024);
  });

  it("refuses a Content-Length that is not a number", async () => {
    await expect(readBody(null, { limit: 10, contentLength: "1e3" })).rejects.toThrow(/not a number of bytes/);
  });
});
