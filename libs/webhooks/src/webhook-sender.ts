import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { checkWebhookUrl, hostOf, isNonPublicAddress } from './webhook-url.policy';

export const WEBHOOK_TIMEOUT_MS = 10_000;

/** Every address the host resolves to, or an error naming why it does not. */
async function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses) =>
      error ? reject(new Error(`${host} does not resolve`)) : resolve(addresses),
    ),
  );
}

/**
 * Resolves the URL's host and refuses it when any of its addresses is loopback, private or
 * link-local. At create and update time; the send checks again on the address it connects to.
 */
export async function assertResolvesPublic(url: URL): Promise<void> {
  const host = hostOf(url);
  const addresses = isIP(host) ? [{ address: host }] : await resolveAll(host);
  if (addresses.some((a) => isNonPublicAddress(a.address))) {
    throw new Error('url must not point to a loopback, private or link-local address');
  }
}

/**
 * A DNS lookup that fails on non-public addresses: the socket connects to exactly the address
 * checked, so a name that resolves to a public address at create time and to 127.0.0.1 later
 * (DNS rebinding) is refused at send time.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((a) => isNonPublicAddress(a.address));
    if (refused) {
      return callback(
        new Error(`${hostname} resolves to a non-public address (${refused.address})`),
        '',
        0,
      );
    }
    if (options.all)
      return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    return callback(null, addresses[0].address, addresses[0].family);
  });
};

export interface SendResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * POSTs the body; never follows redirects (a 3xx is a failure, so a redirect cannot point the
 * request somewhere the URL check did not see). A 10 s budget covers connect to response head.
 */
export async function postWebhook(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  options: { strict: boolean; timeoutMs?: number },
): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const verdict = checkWebhookUrl(rawUrl, options.strict);
  if (!verdict.ok) return { statusCode: null, error: verdict.reason, durationMs: 0 };
  const url = verdict.url;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<SendResult>((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'workspace-booking-webhooks/1',
        },
        lookup: options.strict ? publicOnlyLookup : undefined,
        signal: AbortSignal.timeout(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
      },
      (res) => {
        res.resume();
        resolve({ statusCode: res.statusCode ?? null, error: null, durationMs: elapsed() });
      },
    );
    req.on('error', (error: Error) => {
      const message =
        error.name === 'AbortError' || error.name === 'TimeoutError'
          ? `no answer within ${options.timeoutMs ?? WEBHOOK_TIMEOUT_MS} ms`
          : error.message;
      resolve({ statusCode: null, error: message.slice(0, 500), durationMs: elapsed() });
    });
    req.end(body);
  });
}
