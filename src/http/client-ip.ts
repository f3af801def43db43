/**
 * Who is knocking: the client address used by the IP allowlist and the rate limiter.
 *
 * Without TRUST_PROXY the client is the TCP peer, and X-Forwarded-For is ignored (anyone can
 * send that header). Behind a proxy, the chain is `X-Forwarded-For` entries followed by the peer:
 * each proxy appends the address it received the request from. Reading from the right, trusted
 * proxies are skipped and the first untrusted hop is the client — what a client writes into the
 * header itself stays to the left of it and is never believed.
 *   - `hops` (TRUST_PROXY=1, 2, …): the nearest N hops (the peer and the N-1 right-most entries)
 *     are proxies. TRUST_PROXY=1 = one proxy (nginx, Caddy) on the way in.
 *   - `ranges` (TRUST_PROXY=10.0.0.0/8,…): hops inside these ranges are proxies.
 */
import type { Context, Middleware } from 'koa';
import type { TrustProxySetting } from '../config/front-door-config.ts';
import { type IpAddress, IpRangeList, parseIp } from '../security/ip-ranges.ts';

export type TrustProxy = TrustProxySetting;

export interface ClientAddress {
  /** The client address, or null when the hop we had to believe is not an IP address. */
  ip: IpAddress | null;
  /** As shown to operators in logs and 403 answers. */
  text: string;
}

/** One X-Forwarded-For entry: bare IPv4/IPv6, `[v6]:port` or `v4:port`. */
function parseHop(entry: string): IpAddress | null {
  const value = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return parseIp(bracketed[1]!);
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  return parseIp(v4port ? v4port[1]! : value);
}

export type ClientAddressResolver = (peer: string | undefined, forwardedFor: string | undefined) => ClientAddress;

/** The client address from the peer address and the X-Forwarded-For header under a trust setting. */
export function createClientAddressResolver(trust: TrustProxy): ClientAddressResolver {
  const trusted = trust.kind === 'ranges' ? IpRangeList.parse(trust.ranges) : null;
  return (peer, forwardedFor) => {
    const peerText = peer ?? '';
    const peerIp = parseIp(peerText);
    const self = (): ClientAddress => ({ ip: peerIp, text: peerIp?.toString() ?? peerText });
    if (trust.kind === 'none' || !forwardedFor) return self();
    // Node joins repeated X-Forwarded-For headers with ", ": one list either way.
    const hops = forwardedFor.split(',').map((h) => h.trim()).filter((h) => h !== '');
    if (hops.length === 0) return self();
    const chain = [...hops, peerText]; // oldest first, the peer last
    let index: number;
    if (trust.kind === 'hops') {
      index = Math.max(0, chain.length - 1 - trust.hops);
    } else {
      if (!trusted!.contains(peerIp)) return self(); // the peer is not our proxy: ignore its header
      index = chain.length - 1;
      while (index > 0 && trusted!.contains(parseHop(chain[index]!))) index--;
    }
    const text = chain[index]!;
    const ip = index === chain.length - 1 ? peerIp : parseHop(text);
    return { ip, text: ip?.toString() ?? text.slice(0, 64) };
  };
}

/** Koa state key holding the ClientAddress of the request. */
export const CLIENT_ADDRESS = 'clientAddress';

export function clientAddressOf(ctx: Context): ClientAddress {
  const known = ctx.state[CLIENT_ADDRESS] as ClientAddress | undefined;
  return known ?? createClientAddressResolver({ kind: 'none' })(ctx.req.socket.remoteAddress, undefined);
}

/** Resolves the client address once per request and keeps it in `ctx.state.clientAddress`. */
export function clientAddressMiddleware(trust: TrustProxy): Middleware {
  const resolve = createClientAddressResolver(trust);
  return async (ctx, next) => {
    ctx.state[CLIENT_ADDRESS] = resolve(ctx.req.socket.remoteAddress, ctx.get('x-forwarded-for') || undefined);
    await next();
  };
}
