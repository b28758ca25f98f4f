/**
 * The fetch guard's corpus. Decisions about addresses other than loopback are
 * tested without any connection: the guard decides before a socket opens, and
 * a stubbed resolver supplies the DNS answers. Only loopback targets are
 * fetched end to end, and `http.request` is watched so that a request to any
 * other address fails the test before it could leave the machine.
 */
import http from "node:http";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startTestSite, type TestSite } from "@/test/link-sites";
import { addressKind, guardOptionsFromEnv, guardStartWarning, guardUrl, pinnedLookup, type ResolvedAddress, type Resolver } from "./fetch-guard";
import { fetchFollowing, type FetchLimits } from "./link-fetch";

const publicAnswer: ResolvedAddress = { address: "93.184.216.34", family: 4 };

/** A resolver from a table; any other name is not found. It never asks real DNS. */
function stubResolver(table: Record<string, ResolvedAddress[] | ResolvedAddress[][]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const turns = new Map<string, number>();
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    // A list of lists answers each lookup with the next one (DNS rebinding).
    if (Array.isArray(entry[0])) {
      const n = turns.get(hostname) ?? 0;
      turns.set(hostname, n + 1);
      return (entry as ResolvedAddress[][])[Math.min(n, entry.length - 1)]!;
    }
    return entry as ResolvedAddress[];
  };
  return Object.assign(resolve, { calls });
}

const noDns = stubResolver({});

describe("addresses refused by default (no loopback allowed)", () => {
  const refused: [string, RegExp][] = [
    ["http://127.0.0.1/", /loopback/],
    ["http://127.1.2.3:80/", /loopback/],
    ["http://localhost/", /local or internal/],
    ["http://LOCALHOST./admin", /local or internal/],
    ["http://app.localhost/", /local or internal/],
    ["http://[::1]/", /loopback/],
    ["http://0.0.0.0/", /unspecified/],
    ["http://0/", /unspecified/],
    ["http://[::]/", /unspecified/],
    ["http://169.254.169.254/latest/meta-data/", /link-local/],
    ["http://10.0.0.1/", /private/],
    ["http://172.16.5.4/", /private/],
    ["http://172.31.255.255/", /private/],
    ["http://192.168.1.1/", /private/],
    ["http://100.64.0.1/", /shared/],
    ["http://224.0.0.1/", /multicast/],
    ["http://255.255.255.255/", /reserved/],
    ["http://192.0.2.10/", /documentation/],
    // Other spellings of 127.0.0.1 and 169.254.169.254: decimal, hex, octal, short forms.
    ["http://2130706433/", /loopback/],
    ["http://0x7f000001/", /loopback/],
    ["http://0177.0.0.1/", /loopback/],
    ["http://0x7f.1/", /loopback/],
    ["http://127.1/", /loopback/],
    ["http://017700000001/", /loopback/],
    ["http://2852039166/", /link-local/],
    ["http://0xa9.0xfe.0xa9.0xfe/", /link-local/],
    // IPv4 inside IPv6.
    ["http://[::ffff:127.0.0.1]/", /loopback/],
    ["http://[::ffff:7f00:1]/", /loopback/],
    ["http://[::ffff:169.254.169.254]/", /link-local/],
    ["http://[::ffff:a9fe:a9fe]/", /link-local/],
    ["http://[::127.0.0.1]/", /loopback/],
    ["http://[64:ff9b::a9fe:a9fe]/", /link-local/],
    ["http://[2002:7f00:1::]/", /loopback/],
    ["http://[2002:a00:1::1]/", /private/],
    // IPv6's own private, link-local and metadata addresses.
    ["http://[fd00:ec2::254]/", /private/],
    ["http://[fc00::1]/", /private/],
    ["http://[fe80::1]/", /link-local/],
    ["http://[fec0::1]/", /private/],
    ["http://[ff02::1]/", /multicast/],
    ["http://[2001:db8::1]/", /documentation/],
    // Names of internal hosts are refused without asking DNS.
    ["http://metadata.google.internal/computeMetadata/v1/", /local or internal/],
    ["http://printer.local/", /local or internal/],
    ["http://router.home.arpa/", /local or internal/],
  ];
  for (const [url, reason] of refused) {
    it(`refuses ${url}`, async () => {
      const decision = await guardUrl(url, { resolve: noDns });
      expect(decision.ok).toBe(false);
      if (!decision.ok) expect(decision.reason).toMatch(reason);
    });
  }
  it("asked DNS for none of them", () => {
    expect(noDns.calls).toEqual([]);
  });
});

describe("what is refused before any address is looked at", () => {
  for (const [url, reason] of [
    ["ftp://example.org/file", /Only http and https/],
    ["file:///etc/passwd", /Only http and https/],
    ["gopher://example.org:70/", /Only http and https/],
    ["javascript:alert(1)", /Only http and https/],
    ["http://user:secret@example.org/", /user name or password/],
    ["not a url", /Not a valid URL/],
    ["http://example.org:8080/", /Port 8080 is not fetched/],
    ["https://example.org:22/", /Port 22 is not fetched/],
  ] as const) {
    it(`refuses ${url}`, async () => {
      const decision = await guardUrl(url, { resolve: stubResolver({ "example.org": [publicAnswer] }) });
      expect(decision).toMatchObject({ ok: false });
      if (!decision.ok) expect(decision.reason).toMatch(reason);
    });
  }
});

describe("names, as DNS answers them (a stubbed resolver: nothing is sent)", () => {
  it("allows a name whose every address is public, and pins the first", async () => {
    const resolve = stubResolver({ "news.example": [publicAnswer, { address: "2606:2800:220:1:248:1893:25c8:1946", family: 6 }] });
    const decision = await guardUrl("https://news.example/story?id=1", { resolve });
    expect(decision).toMatchObject({ ok: true, hostname: "news.example", port: 443, address: "93.184.216.34", family: 4 });
    expect(resolve.calls).toEqual(["news.example"]);
  });

  it("refuses a name that resolves to a private, loopback or metadata address, naming it", async () => {
    const resolve = stubResolver({
      "intranet.example": [{ address: "10.1.2.3", family: 4 }],
      "sneaky.example": [{ address: "127.0.0.1", family: 4 }],
      "meta.example": [{ address: "169.254.169.254", family: 4 }],
      "v6.example": [{ address: "::1", family: 6 }],
      "mapped.example": [{ address: "::ffff:10.0.0.1", family: 6 }],
    });
    for (const host of ["intranet.example", "sneaky.example", "meta.example", "v6.example", "mapped.example"]) {
      const decision = await guardUrl(`http://${host}/`, { resolve });
      expect(decision.ok, host).toBe(false);
    }
    const decision = await guardUrl("http://intranet.example/", { resolve });
    expect(decision.ok ? "" : decision.reason).toBe("intranet.example (10.1.2.3) is a private network address");
  });

  it("refuses a name when any of its addresses is private, even after a public one", async () => {
    const resolve = stubResolver({ "mixed.example": [publicAnswer, { address: "192.168.0.10", family: 4 }] });
    expect((await guardUrl("http://mixed.example/", { resolve })).ok).toBe(false);
  });

  it("decides once per request: a rebinding name (public, then private) is refused at its second lookup, and the first connection is pinned", async () => {
    const resolve = stubResolver({ "rebind.example": [[publicAnswer], [{ address: "127.0.0.1", family: 4 }]] });
    const first = await guardUrl("http://rebind.example/", { resolve });
    expect(first).toMatchObject({ ok: true, address: "93.184.216.34" });
    const second = await guardUrl("http://rebind.example/", { resolve });
    expect(second.ok).toBe(false);
    // The connection of the first decision asks no one: its lookup answers the decided address.
    if (!first.ok) throw new Error("unreachable");
    const answer = await new Promise<unknown[]>((resolveLookup) => pinnedLookup(first)("rebind.example", { all: false }, (...args: unknown[]) => resolveLookup(args)));
    expect(answer).toEqual([null, "93.184.216.34", 4]);
    const all = await new Promise<unknown[]>((resolveLookup) => pinnedLookup(first)("rebind.example", { all: true }, (...args: unknown[]) => resolveLookup(args)));
    expect(all).toEqual([null, [{ address: "93.184.216.34", family: 4 }]]);
    expect(resolve.calls).toEqual(["rebind.example", "rebind.example"]);
  });

  it("says DNS when a name is not found", async () => {
    const decision = await guardUrl("http://no-such-host.example/", { resolve: noDns });
    expect(decision.ok ? "" : decision.reason).toMatch(/^DNS: no-such-host.example was not found/);
  });

  it("allows other ports only when configured", async () => {
    const resolve = stubResolver({ "example.org": [publicAnswer] });
    expect((await guardUrl("http://example.org:8080/", { resolve, ports: [80, 443, 8080] })).ok).toBe(true);
  });
});

describe("FACTDESK_FETCH_ALLOW_LOOPBACK", () => {
  it("allows loopback addresses on any port, and nothing else private", async () => {
    const options = { allowLoopback: true, resolve: stubResolver({ "private.example": [{ address: "10.0.0.5", family: 4 as const }] }) };
    expect(await guardUrl("http://127.0.0.1:3301/page", options)).toMatchObject({ ok: true, address: "127.0.0.1", port: 3301 });
    expect(await guardUrl("http://[::1]:4000/", options)).toMatchObject({ ok: true, address: "::1" });
    expect(await guardUrl("http://2130706433:5000/", options)).toMatchObject({ ok: true, address: "127.0.0.1" });
    for (const url of ["http://0.0.0.0:3301/", "http://10.0.0.1/", "http://169.254.169.254/", "http://[fe80::1]/", "http://private.example/", "http://192.168.1.1:8080/"]) {
      expect((await guardUrl(url, options)).ok, url).toBe(false);
    }
  });

  it("is read from the environment, off by default, with a warning when on", () => {
    expect(guardOptionsFromEnv({})).toEqual({ allowLoopback: false, onlyLoopback: false, ports: [80, 443] });
    expect(guardOptionsFromEnv({ FACTDESK_FETCH_ALLOW_LOOPBACK: "true", FACTDESK_FETCH_PORTS: "80, 443, 8443, nonsense" })).toEqual({
      allowLoopback: true,
      onlyLoopback: false,
      ports: [80, 443, 8443],
    });
    expect(guardStartWarning({})).toBeNull();
    expect(guardStartWarning({ FACTDESK_FETCH_ALLOW_LOOPBACK: "true" })).toMatch(/FACTDESK_FETCH_ALLOW_LOOPBACK=true/);
  });

  it("FACTDESK_FETCH_ONLY_LOOPBACK refuses every other host before asking DNS", async () => {
    const resolve = stubResolver({ "example.org": [publicAnswer] });
    const decision = await guardUrl("https://example.org/", { ...guardOptionsFromEnv({ FACTDESK_FETCH_ONLY_LOOPBACK: "true" }), resolve });
    expect(decision.ok).toBe(false);
    expect(resolve.calls).toEqual([]);
    expect((await guardUrl("http://127.0.0.1:9/", { onlyLoopback: true })).ok).toBe(true);
    expect(await guardUrl("http://93.184.216.34/", { onlyLoopback: true })).toMatchObject({ ok: false, reason: expect.stringMatching(/^Only loopback/) });
    expect(await guardUrl("http://10.0.0.1/", { onlyLoopback: true })).toMatchObject({ ok: false, reason: "10.0.0.1 is a private network address" });
  });
});

describe("addressKind", () => {
  it("classifies public addresses as public and non-addresses as null", () => {
    expect(addressKind("8.8.8.8")).toBe("public");
    expect(addressKind("2606:4700::1111")).toBe("public");
    expect(addressKind("example.org")).toBeNull();
    expect(addressKind("[::1]")).toBe("loopback");
  });
});

describe("end to end, on loopback only", () => {
  const limits: FetchLimits = { timeoutMs: 2_000, maxBytes: 1_000_000, maxRedirects: 5, userAgent: "Factdesk/test" };
  let site: TestSite;
  const connections: string[] = [];
  const original = http.request;

  beforeAll(async () => {
    site = await startTestSite();
  });
  afterAll(() => site.close());
  beforeEach(() => {
    connections.length = 0;
    // Every request the fetcher makes shows here first; one to anything but loopback fails the test before it is sent.
    vi.spyOn(http, "request").mockImplementation(((options: http.RequestOptions, callback?: (res: http.IncomingMessage) => void) => {
      let address = options.hostname ?? "";
      if (options.lookup) options.lookup(address, { all: false }, (_error: unknown, resolved: unknown) => void (address = String(resolved)));
      connections.push(address);
      if (addressKind(address) !== "loopback") throw new Error(`A test tried to connect to ${address}`);
      return original(options, callback);
    }) as typeof http.request);
  });
  afterEach(() => vi.restoreAllMocks());

  it("refuses the test site itself unless loopback is allowed, without connecting", async () => {
    site.set("/ok", { body: "<p>fine</p>" });
    const blocked = await fetchFollowing(`${site.origin}/ok`, "GET", { limits, guard: {} });
    expect(blocked).toMatchObject({ failure: "blocked", status: null });
    expect(connections).toEqual([]);
    const allowed = await fetchFollowing(`${site.origin}/ok`, "GET", { limits, guard: { allowLoopback: true } });
    expect(allowed).toMatchObject({ failure: null, status: 200 });
    expect(connections).toEqual(["127.0.0.1"]);
  });

  it("refuses redirects to private, link-local and metadata addresses before connecting to them", async () => {
    const resolve = stubResolver({ "internal.example": [{ address: "192.168.0.10", family: 4 }] });
    const targets = ["http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[::ffff:169.254.169.254]/", "http://internal.example/", "http://0.0.0.0:8080/"];
    for (const [i, target] of targets.entries()) {
      site.set(`/to-private-${i}`, { redirect: target });
      const result = await fetchFollowing(`${site.origin}/to-private-${i}`, "GET", { limits, guard: { allowLoopback: true, resolve } });
      expect(result.failure, target).toBe("blocked");
      expect(result.error).toMatch(/^Redirected to /);
      expect(result.redirects).toEqual([{ url: `${site.origin}/to-private-${i}`, status: 302 }]);
    }
    // One connection per redirect page, each to the loopback site; none to where they pointed.
    expect(connections).toEqual(targets.map(() => "127.0.0.1"));
  });

  it("connects to the address it decided, not to what DNS says next (rebinding)", async () => {
    site.set("/pinned", { body: "<main><p>pinned</p></main>" });
    const resolve = stubResolver({ "rebind.test": [[{ address: "127.0.0.1", family: 4 }], [{ address: "10.0.0.1", family: 4 }]] });
    const first = await fetchFollowing(`http://rebind.test:${site.port}/pinned`, "GET", { limits, guard: { allowLoopback: true, resolve } });
    expect(first).toMatchObject({ status: 200, failure: null });
    expect(site.requests.at(-1)).toMatchObject({ host: `rebind.test:${site.port}`, path: "/pinned" });
    const second = await fetchFollowing(`http://rebind.test:${site.port}/pinned`, "GET", { limits, guard: { allowLoopback: true, resolve } });
    expect(second.failure).toBe("blocked");
    expect(resolve.calls).toEqual(["rebind.test", "rebind.test"]);
    expect(connections).toEqual(["127.0.0.1"]);
  });
});
