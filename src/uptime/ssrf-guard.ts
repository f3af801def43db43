/**
 * SSRF guard for sites people add from chat: resolve the host, refuse anything that is not a
 * public unicast address, and hand back the checked address so the probe connects to exactly that
 * address (a second DNS answer cannot switch it: no DNS rebinding).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** A DNS resolver: every address of a host name (dns.lookup with `all: true` by default). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export const resolveWithDns: ResolveHost = async (hostname) => {
  const all = await lookup(hostname, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** The site may not be probed: it resolves to (or is) an address that is not public. */
export class SsrfError extends Error {
  readonly code = 'ssrf_refused';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(`${host} ${address === host ? 'is' : `resolves to ${address},`} ${reason}`);
    this.name = 'SsrfError';
  }
}

/** The host could not be resolved at all (not an SSRF problem: the site is simply unreachable). */
export class ResolveError extends Error {
  readonly code = 'dns_failed';
  constructor(readonly host: string, cause: string) {
    super(`could not resolve ${host} (${cause})`);
    this.name = 'ResolveError';
  }
}

const V4_REASONS: Record<string, string> = {
  unspecified: 'a "this network" address (0.0.0.0/8)',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address (169.254.0.0/16, includes cloud metadata 169.254.169.254)',
  loopback: 'a loopback address (127.0.0.0/8)',
  carrierGradeNat: 'a carrier-grade NAT address (100.64.0.0/10)',
  private: 'a private network address (10/8, 172.16/12, 192.168/16)',
  reserved: 'a reserved or documentation address',
  as112: 'an AS112 sink address',
  amt: 'an AMT relay address',
  benchmarking: 'a benchmarking address',
};

const V6_REASONS: Record<string, string> = {
  unspecified: 'the unspecified address ::',
  loopback: 'the IPv6 loopback address ::1',
  linkLocal: 'an IPv6 link-local address (fe80::/10)',
  uniqueLocal: 'an IPv6 unique-local (private) address (fc00::/7)',
  multicast: 'an IPv6 multicast address',
  deprecatedSiteLocal: 'an IPv6 site-local address (fec0::/10)',
  discard: 'an IPv6 discard-only address',
  teredo: 'a Teredo tunnel address',
  rfc6052: 'a local-use NAT64 address (64:ff9b:1::/48)',
};

const v4FromBytes = (b: number[]): string => b.join('.');

/**
 * The IPv4 address an IPv6 address carries, for the forms that reach an IPv4 host:
 * IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, SIIT ::ffff:0:a.b.c.d, well-known NAT64
 * 64:ff9b::a.b.c.d and 6to4 2002:aabb:ccdd::.
 */
export function embeddedIPv4(v6: ipaddr.IPv6): string | null {
  const b = v6.toByteArray();
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4FromBytes(b.slice(12));
  if (zeros(0, 12)) return v4FromBytes(b.slice(12)); // ::a.b.c.d (:: and ::1 map into 0.0.0.0/8)
  if (zeros(0, 8) && b[8] === 0xff && b[9] === 0xff && zeros(10, 12)) return v4FromBytes(b.slice(12));
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return v4FromBytes(b.slice(12));
  if (b[0] === 0x20 && b[1] === 0x02) return v4FromBytes(b.slice(2, 6));
  return null;
}

/** Why an address may not be probed, or null for a public unicast address. */
export function blockedReason(address: string): string | null {
  const literal = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(literal)) return 'not an IP address';
  const ip = ipaddr.parse(literal);
  if (ip.kind() === 'ipv4') {
    const range = (ip as ipaddr.IPv4).range();
    return range === 'unicast' ? null : (V4_REASONS[range] ?? `a special-purpose address (${range})`);
  }
  const v6 = ip as ipaddr.IPv6;
  const range = v6.range();
  if (range === 'loopback' || range === 'unspecified') return V6_REASONS[range]!;
  const v4 = embeddedIPv4(v6);
  if (v4 !== null) {
    const inner = blockedReason(v4);
    return inner === null ? null : `an IPv6 form of ${v4}, ${inner}`;
  }
  return range === 'unicast' ? null : (V6_REASONS[range] ?? `a special-purpose IPv6 address (${range})`);
}

export interface GuardOptions {
  /** UPTIME_ALLOW_PRIVATE=1: every address is allowed (the operator monitors internal hosts). */
  allowPrivate: boolean;
  /** Exact addresses allowed although not public (a narrow exception; tests use it for 127.0.0.1). */
  trustedAddresses?: readonly string[];
  resolve?: ResolveHost;
}

/**
 * Resolves `hostname` (a URL's hostname; IPv6 literals may keep their brackets) and returns the
 * address to connect to. Refuses (SsrfError) when ANY address is not public, so a name that mixes
 * public and private answers cannot be used to reach the private one. Throws ResolveError when
 * the name does not resolve.
 */
export async function resolveSafeAddress(hostname: string, options: GuardOptions): Promise<ResolvedAddress> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  let addresses: ResolvedAddress[];
  if (family !== 0) {
    addresses = [{ address: host, family: family === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.resolve ?? resolveWithDns)(host);
    } catch (err) {
      throw new ResolveError(host, (err as NodeJS.ErrnoException).code ?? (err as Error).message);
    }
    if (addresses.length === 0) throw new ResolveError(host, 'no addresses');
  }
  if (!options.allowPrivate) {
    for (const a of addresses) {
      if (options.trustedAddresses?.includes(a.address)) continue;
      const reason = blockedReason(a.address);
      if (reason !== null) throw new SsrfError(host, a.address, reason);
    }
  }
  return addresses[0]!;
}

/**
 * Add-time check of a site URL (used by /subscribe uptime and the admin API). Returns a refusal
 * message, or null when the site may be monitored. A name that does not resolve yet is allowed:
 * the probe checks again at connect time, so nothing private can be reached later either.
 */
export async function refuseUnsafeSite(url: string, options: GuardOptions): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  try {
    await resolveSafeAddress(parsed.hostname, options);
    return null;
  } catch (err) {
    if (err instanceof SsrfError) {
      return `${err.message}. hookbridge only monitors public addresses (the operator can set UPTIME_ALLOW_PRIVATE=1 to allow internal hosts).`;
    }
    if (err instanceof ResolveError) return null;
    throw err;
  }
}
