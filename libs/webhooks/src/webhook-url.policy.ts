import { BlockList, isIP } from 'node:net';

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** Loopback, private, link-local and other never-public ranges (SSRF targets). */
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address (v4 or v6, v4-mapped included) is loopback, private or link-local. */
export function isNonPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return NOT_PUBLIC.check(mapped[1], 'ipv4');
  // The URL parser writes a v4-mapped literal in hex (::ffff:7f00:1).
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (mappedHex) {
    const [high, low] = [parseInt(mappedHex[1], 16), parseInt(mappedHex[2], 16)];
    const v4 = [high >> 8, high & 255, low >> 8, low & 255].join('.');
    return NOT_PUBLIC.check(v4, 'ipv4');
  }
  const family = isIP(address);
  if (family === 4) return NOT_PUBLIC.check(address, 'ipv4');
  if (family === 6) return NOT_PUBLIC.check(address, 'ipv6');
  return true;
}

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * What needs no DNS: an absolute http(s) URL without credentials; `strict` (production, unless
 * WEBHOOK_ALLOW_PRIVATE): https only, and no host that is plainly local (localhost, a
 * non-public IP literal).
 */
export function checkWebhookUrl(raw: string, strict: boolean): UrlVerdict {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) {
    return { ok: false, reason: `url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters` };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'url must be an absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'url must be http:// or https://' };
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'url must not contain credentials' };
  }
  if (!url.hostname) return { ok: false, reason: 'url must name a host' };
  if (!strict) return { ok: true, url };
  if (url.protocol !== 'https:') return { ok: false, reason: 'url must be https://' };
  const host = hostOf(url);
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return { ok: false, reason: 'url must not point to a loopback, private or link-local address' };
  }
  if (isIP(host) && isNonPublicAddress(host)) {
    return { ok: false, reason: 'url must not point to a loopback, private or link-local address' };
  }
  return { ok: true, url };
}

/** The host as DNS or an IP check wants it: IPv6 literals without their brackets. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
