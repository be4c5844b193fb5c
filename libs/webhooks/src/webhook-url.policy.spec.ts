import { checkWebhookUrl, isNonPublicAddress } from './webhook-url.policy';

describe('checkWebhookUrl', () => {
  it.each([
    ['not a url', false],
    ['ftp://example.com/hook', false],
    ['https://user:pw@example.com/hook', false],
    ['https://user@example.com/hook', false],
    ['http://example.com/hook', true],
    ['https://example.com/hook', true],
    ['http://127.0.0.1:8080/hook', true],
  ])('lenient: %s -> %s', (raw, ok) => {
    expect(checkWebhookUrl(raw, false).ok).toBe(ok);
  });

  it.each([
    ['http://example.com/hook', false],
    ['https://example.com/hook', true],
    ['https://localhost/hook', false],
    ['https://127.0.0.1/hook', false],
    ['https://10.1.2.3/hook', false],
    ['https://192.168.0.10/hook', false],
    ['https://169.254.169.254/latest', false],
    ['https://[::1]/hook', false],
    ['https://[fe80::1]/hook', false],
    ['https://[::ffff:127.0.0.1]/hook', false],
    ['https://93.184.216.34/hook', true],
  ])('strict: %s -> %s', (raw, ok) => {
    expect(checkWebhookUrl(raw, true).ok).toBe(ok);
  });
});

describe('isNonPublicAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.0.0.1', true],
    ['172.16.5.4', true],
    ['172.32.0.1', false],
    ['100.64.0.1', true],
    ['8.8.8.8', false],
    ['::1', true],
    ['fd00::1', true],
    ['2606:4700::1111', false],
    ['::ffff:10.0.0.1', true],
    ['not-an-ip', true],
  ])('%s -> %s', (address, expected) => {
    expect(isNonPublicAddress(address)).toBe(expected);
  });
});
