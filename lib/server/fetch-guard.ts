import "server-only";
/**
 * What the link checker may fetch. It fetches URLs that people typed, so a URL
 * must never make the server reach into its own network: no private, loopback,
 * link-local, metadata or otherwise special addresses (IPv4 and IPv6), whether
 * written as an address in any of its spellings (decimal, hex, octal, IPv4
 * inside IPv6), named by a DNS name that resolves to one, or reached through a
 * redirect (each hop is decided again, lib/server/link-fetch.ts).
 *
 * The decision is made before any socket opens: the host is resolved once, every
 * address it resolves to must be allowed, and the connection then goes to the
 * address that was decided (the request's `lookup` answers with it, so a DNS
 * answer that changes between the check and the connection, "DNS rebinding",
 * is never asked for). Only http and https, on ports 80 and 443 unless
 * FACTDESK_FETCH_PORTS lists others. FACTDESK_FETCH_ALLOW_LOOPBACK=true
 * (tests, which serve their sites on loopback) allows loopback addresses on any
 * port, and nothing else private. FACTDESK_FETCH_ONLY_LOOPBACK=true (the test
 * suites and benchmarks) refuses every other host before asking DNS, so that
 * no test ever sends a packet past this machine.
 */
import dns from "node:dns";
import net from "node:net";

export type AddressKind =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "unspecified"
  | "carrier-nat"
  | "multicast"
  | "reserved"
  | "documentation";

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Resolves a host name to every address it has (the real one is DNS through the system resolver). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type GuardOptions = {
  /** Loopback addresses allowed, on any port (FACTDESK_FETCH_ALLOW_LOOPBACK). */
  allowLoopback?: boolean;
  /** Nothing but loopback: every other host is refused before DNS is asked (FACTDESK_FETCH_ONLY_LOOPBACK, for tests). */
  onlyLoopback?: boolean;
  /** Ports allowed besides those of loopback targets (FACTDESK_FETCH_PORTS, else 80 and 443). */
  ports?: readonly number[];
  resolve?: Resolver;
};

export type GuardDecision =
  | {
      ok: true;
      url: URL;
      hostname: string;
      port: number;
      /** The address to connect to, and no other. */
      address: string;
      family: 4 | 6;
    }
  | { ok: false; url: string; reason: string };

export const systemResolver: Resolver = async (hostname) => {
  const answers = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** The guard's settings from the environment. */
export function guardOptionsFromEnv(env: Record<string, string | undefined> = process.env): Required<Omit<GuardOptions, "resolve">> {
  const ports = (env.FACTDESK_FETCH_PORTS ?? "")
    .split(",")
    .map((p) => Number(p.trim()))
    .filter((p) => Number.isInteger(p) && p > 0 && p < 65536);
  const onlyLoopback = env.FACTDESK_FETCH_ONLY_LOOPBACK === "true";
  return { allowLoopback: onlyLoopback || env.FACTDESK_FETCH_ALLOW_LOOPBACK === "true", onlyLoopback, ports: ports.length ? ports : [80, 443] };
}

/** What the server says at start when the guard lets loopback through (null when it does not). */
export function guardStartWarning(env: Record<string, string | undefined> = process.env): string | null {
  const options = guardOptionsFromEnv(env);
  if (options.onlyLoopback) return "Warning: FACTDESK_FETCH_ONLY_LOOPBACK=true: the link checker fetches loopback addresses (this machine) on any port, and nothing else. For tests only.";
  if (options.allowLoopback) {
    return "Warning: FACTDESK_FETCH_ALLOW_LOOPBACK=true: the link checker may fetch loopback addresses (this machine) on any port. For tests only: anyone who adds a source could make the server request its own services.";
  }
  return null;
}

// ---------------------------------------------------------------------------
// Addresses

function ipv4Number(address: string): number {
  return address.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

const IPV4_RANGES: [string, number, AddressKind][] = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "carrier-nat"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "reserved"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

function ipv4Kind(address: string): AddressKind {
  const n = ipv4Number(address);
  for (const [base, bits, kind] of IPV4_RANGES) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if (((n & mask) >>> 0) === ((ipv4Number(base) & mask) >>> 0)) return kind;
  }
  return "public";
}

/** The eight 16-bit groups of an IPv6 address (with an IPv4 tail converted). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const zone = text.indexOf("%");
  if (zone !== -1) text = text.slice(0, zone);
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4Number(v4[1]!);
    text = `${text.slice(0, -v4[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}

function groupsToIpv4(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

function ipv6Kind(address: string): AddressKind {
  const g = ipv6Groups(address);
  if (g.length !== 8 || g.some((x) => !Number.isInteger(x) || x < 0 || x > 0xffff)) return "reserved";
  const allZero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (allZero(0, 8)) return "unspecified";
  if (allZero(0, 7) && g[7] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d, deprecated) and IPv4-translated (::ffff:0:a.b.c.d): the IPv4 address decides.
  if (allZero(0, 5) && g[5] === 0xffff) return ipv4Kind(groupsToIpv4(g[6]!, g[7]!));
  if (allZero(0, 6)) return ipv4Kind(groupsToIpv4(g[6]!, g[7]!));
  if (allZero(0, 4) && g[4] === 0xffff && g[5] === 0) return ipv4Kind(groupsToIpv4(g[6]!, g[7]!));
  // NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48) reaches the IPv4 address inside.
  if (g[0] === 0x64 && g[1] === 0xff9b) return g[2] === 1 ? "private" : ipv4Kind(groupsToIpv4(g[6]!, g[7]!));
  // 6to4 (2002::/16) carries an IPv4 address in its second and third groups.
  if (g[0] === 0x2002) {
    const inner = ipv4Kind(groupsToIpv4(g[1]!, g[2]!));
    return inner === "public" ? "public" : inner;
  }
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return "private"; // fc00::/7, unique local (also fd00:ec2::254, a metadata address)
  if ((first & 0xffc0) === 0xfe80) return "link-local"; // fe80::/10
  if ((first & 0xffc0) === 0xfec0) return "private"; // fec0::/10, the old site-local
  if ((first & 0xff00) === 0xff00) return "multicast";
  if (first === 0x2001 && g[1] === 0x0db8) return "documentation";
  if (first === 0x2001 && g[1]! < 0x0200) return "reserved"; // 2001::/23, IETF protocol assignments (Teredo among them)
  if (first === 0x0100 && allZero(1, 4)) return "reserved"; // 100::/64, discard
  if ((first & 0xe000) !== 0x2000) return "reserved"; // outside 2000::/3, the global unicast space
  return "public";
}

/** What kind of address this is; null when it is not an IP address at all. */
export function addressKind(address: string): AddressKind | null {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const version = net.isIP(bare.split("%")[0]!);
  if (version === 4) return ipv4Kind(bare);
  if (version === 6) return ipv6Kind(bare);
  return null;
}

function describeKind(kind: AddressKind): string {
  switch (kind) {
    case "loopback":
      return "a loopback address (this server itself)";
    case "private":
      return "a private network address";
    case "link-local":
      return "a link-local address (such as a cloud metadata service)";
    case "unspecified":
      return "an unspecified address";
    case "carrier-nat":
      return "a shared (carrier-grade NAT) address";
    case "multicast":
      return "a multicast address";
    case "documentation":
      return "an address reserved for documentation";
    case "reserved":
      return "a reserved address";
    case "public":
      return "a public address";
  }
}

// ---------------------------------------------------------------------------
// The decision

/**
 * Decides whether `rawUrl` may be fetched, resolving its host once. Opens no
 * socket: a refused URL is never contacted, and an allowed one must be fetched
 * at `address` (lib/server/link-fetch.ts does).
 */
export async function guardUrl(rawUrl: string, options: GuardOptions = {}): Promise<GuardDecision> {
  const onlyLoopback = options.onlyLoopback ?? false;
  const allowLoopback = onlyLoopback || (options.allowLoopback ?? false);
  const ports = options.ports ?? [80, 443];
  const resolve = options.resolve ?? systemResolver;
  const refuse = (reason: string): GuardDecision => ({ ok: false, url: rawUrl, reason });
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return refuse("Not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return refuse(`Only http and https addresses are fetched, not ${url.protocol.replace(/:$/, "")}`);
  if (url.username || url.password) return refuse("Addresses with a user name or password are not fetched");
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  // The WHATWG parser has already turned decimal, hex and octal IPv4 spellings into dotted quads.
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  if (!hostname) return refuse("The address has no host");

  let candidates: ResolvedAddress[];
  const literal = addressKind(hostname);
  if (onlyLoopback && literal === null && !/(^|\.)localhost\.?$/i.test(hostname)) {
    return refuse(`Only loopback addresses are fetched here (FACTDESK_FETCH_ONLY_LOOPBACK), not ${hostname}`);
  }
  if (literal !== null) {
    candidates = [{ address: hostname, family: net.isIP(hostname) === 6 ? 6 : 4 }];
  } else {
    const lower = hostname.toLowerCase().replace(/\.$/, "");
    // Names that are this machine or its network by definition: refused without asking DNS (RFC 6761, 6762, 8375).
    if (/(^|\.)(localhost|local|internal|home\.arpa|localdomain)$/.test(lower) && !(allowLoopback && (lower === "localhost" || lower.endsWith(".localhost")))) {
      return refuse(`${hostname} names a local or internal host`);
    }
    try {
      candidates = await resolve(hostname);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return refuse(code === "ENOTFOUND" || code === "ENODATA" ? `DNS: ${hostname} was not found` : `DNS: ${hostname} could not be resolved (${code ?? "error"})`);
    }
    if (candidates.length === 0) return refuse(`DNS: ${hostname} has no address`);
  }

  // Every address must be allowed: a name that also resolves to a private address is refused as a whole.
  for (const candidate of candidates) {
    const kind = addressKind(candidate.address);
    if (kind === null) return refuse(`${hostname} resolved to something that is not an address`);
    if (kind === "public" && onlyLoopback) return refuse(`Only loopback addresses are fetched here (FACTDESK_FETCH_ONLY_LOOPBACK), not ${candidate.address}`);
    if (kind === "public") continue;
    if (kind === "loopback" && allowLoopback) continue;
    return refuse(`${hostname === candidate.address ? hostname : `${hostname} (${candidate.address})`} is ${describeKind(kind)}`);
  }
  const chosen = candidates[0]!;
  const loopbackTarget = addressKind(chosen.address) === "loopback";
  if (!(loopbackTarget && allowLoopback) && !ports.includes(port)) return refuse(`Port ${port} is not fetched (only ${ports.join(", ")})`);
  return { ok: true, url, hostname, port, address: chosen.address, family: chosen.family };
}

/**
 * A `lookup` for `http.request` that answers with the decided address only: the
 * connection goes where the guard looked, whatever DNS would say now.
 */
export function pinnedLookup(decision: Extract<GuardDecision, { ok: true }>): net.LookupFunction {
  return ((hostname: string, options: dns.LookupOptions | number | undefined, callback: (...args: unknown[]) => void) => {
    const all = typeof options === "object" && options !== null && options.all;
    if (all) callback(null, [{ address: decision.address, family: decision.family }]);
    else callback(null, decision.address, decision.family);
  }) as unknown as net.LookupFunction;
}
