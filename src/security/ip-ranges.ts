/**
 * IP addresses and CIDR ranges (IPv4 and IPv6) for allowlists and trusted proxies, on top of
 * ipaddr.js. IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`, what a dual-stack socket reports for
 * an IPv4 peer) are treated as the IPv4 address they carry, so `10.0.0.0/8` matches them.
 */
import ipaddr from 'ipaddr.js';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [IpAddress, number];

/**
 * Parses one address: dotted-quad IPv4 (no `10` or `0x0a` shorthands) or IPv6 (a `%zone` is
 * dropped), with IPv4-mapped IPv6 unwrapped to IPv4. Returns null for anything else.
 */
export function parseIp(text: string): IpAddress | null {
  const value = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return ipaddr.IPv4.parse(value);
  const unzoned = value.replace(/%[\w.-]+$/, '');
  if (!ipaddr.IPv6.isValid(unzoned)) return null;
  const v6 = ipaddr.IPv6.parse(unzoned);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

/** One `addr/prefix` or bare address (= /32 or /128); null when invalid. */
export function parseRange(text: string): Range | null {
  const value = text.trim();
  const slash = value.indexOf('/');
  if (slash === -1) {
    const ip = parseIp(value);
    return ip ? [ip, ip.kind() === 'ipv4' ? 32 : 128] : null;
  }
  const ip = parseIp(value.slice(0, slash));
  const bitsText = value.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(bitsText)) return null;
  let bits = Number(bitsText);
  const v6Text = value.slice(0, slash).includes(':');
  // `::ffff:10.0.0.0/104` was unwrapped to IPv4: shift its prefix into IPv4 terms.
  if (v6Text && ip.kind() === 'ipv4') bits -= 96;
  const max = ip.kind() === 'ipv4' ? 32 : 128;
  return bits >= 0 && bits <= max ? [ip, bits] : null;
}

/** A parsed list of ranges; `*` in the list means "any address". */
export class IpRangeList {
  private constructor(
    private readonly ranges: Range[],
    readonly any: boolean,
    readonly source: string,
  ) {}

  /** Parses a comma- or whitespace-separated list; throws with the bad entries named. */
  static parse(text: string): IpRangeList {
    const entries = text.split(/[\s,]+/).filter((e) => e !== '');
    const ranges: Range[] = [];
    const bad: string[] = [];
    let any = false;
    for (const entry of entries) {
      if (entry === '*') {
        any = true;
        continue;
      }
      const range = parseRange(entry);
      if (range) ranges.push(range);
      else bad.push(entry);
    }
    if (bad.length > 0) {
      throw new Error(`not an IP address or CIDR range: ${bad.map((b) => `"${b}"`).join(', ')} (expected e.g. 192.30.252.0/22, 2606:50c0::/32 or *)`);
    }
    if (entries.length === 0) throw new Error('the list is empty');
    return new IpRangeList(ranges, any, entries.join(','));
  }

  /** Returns the validation error of a list, or null when it parses. */
  static problem(text: string): string | null {
    try {
      IpRangeList.parse(text);
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  }

  contains(ip: IpAddress | null): boolean {
    if (this.any) return true;
    if (ip === null) return false;
    return this.ranges.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));
  }
}

/** A stable key for an address: IPv4 as is, IPv6 cut to its /64 (one customer's network). */
export function rateLimitKey(ip: IpAddress): string {
  if (ip.kind() === 'ipv4') return ip.toString();
  const parts = (ip as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}
