import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { postWebhook } from './webhook-sender';

/** The send-time check: strict mode never connects to a loopback address, however named. */
describe('postWebhook', () => {
  let server: Server;
  let hits = 0;
  let port = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      res.statusCode = req.url === '/redirect' ? 302 : 204;
      res.setHeader('location', 'http://169.254.169.254/');
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    hits = 0;
  });

  it('posts when private addresses are allowed', async () => {
    const result = await postWebhook(`http://127.0.0.1:${port}/hook`, {}, '{}', { strict: false });
    expect(result).toMatchObject({ statusCode: 204, error: null });
    expect(hits).toBe(1);
  });

  it('does not follow a redirect: the 302 is the answer', async () => {
    const result = await postWebhook(`http://127.0.0.1:${port}/redirect`, {}, '{}', {
      strict: false,
    });
    expect(result.statusCode).toBe(302);
    expect(hits).toBe(1);
  });

  it.each([`https://127.0.0.1:PORT/hook`, `https://localhost:PORT/hook`])(
    'strict: refuses %s without connecting',
    async (url) => {
      const result = await postWebhook(url.replace('PORT', String(port)), {}, '{}', {
        strict: true,
      });
      expect(result.statusCode).toBeNull();
      expect(result.error).toMatch(/loopback|non-public/);
      expect(hits).toBe(0);
    },
  );

  it('strict: a name that resolves to a non-public address is refused at connect time', async () => {
    // The machine's own name passes the URL check (not "localhost", not an IP) and resolves to
    // its loopback or private address: what a rebound DNS name would do at send time.
    const result = await postWebhook(`https://${hostname()}:${port}/hook`, {}, '{}', {
      strict: true,
    });
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/resolves to a non-public address/);
    expect(hits).toBe(0);
  });
});
