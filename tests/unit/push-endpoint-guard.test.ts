// The SSRF guard: a push endpoint is a URL the server POSTs to, so
// it must be https on a public address, by literal and after DNS — unless the
// explicit test setting allows local endpoints. Each case injects a URL or a
// DNS answer that an attacker would use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AddressResolver,
  checkPushEndpoint,
  isPublicAddress,
  localEndpointsAllowed,
} from '@/lib/push/endpoint-guard';
import { PushSender } from '@/lib/push/sender';
import { VapidSigner } from '@/lib/push/vapid-signer';
import webpush from 'web-push';
import { type PushSink, fakeClientKeys, startPushSink } from '../fixtures/push-sink';

const resolvesTo =
  (...addresses: string[]): AddressResolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '2002:0a00:0001::1', // 6to4 of 10.0.0.1
    '[::1]',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '142.250.74.78', '172.32.0.1', '100.128.0.1', '2607:f8b0:4004:800::200e', '::ffff:8.8.8.8'])(
    'accepts %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe('checkPushEndpoint with the guard on', () => {
  const on = { allowLocal: false, resolve: resolvesTo('142.250.74.78') };

  it('accepts https on a host with only public addresses', async () => {
    expect(await checkPushEndpoint('https://fcm.googleapis.com/fcm/send/abc', on)).toMatchObject({ ok: true });
  });

  it.each([
    ['http://fcm.googleapis.com/fcm/send/abc', /https/],
    ['https://127.0.0.1/push', /not a public address/],
    ['https://169.254.169.254/latest/meta-data/', /not a public address/],
    ['https://[::1]:8443/push', /not a public address/],
    ['https://[::ffff:10.0.0.1]/push', /not a public address/],
    ['https://0x7f.1/push', /not a public address/], // the URL parser's 127.0.0.1
    ['https://user:pw@fcm.googleapis.com/x', /credentials/],
    ['ftp://fcm.googleapis.com/x', /https/],
    ['not a url', /not a URL/],
  ])('refuses %s', async (endpoint, reason) => {
    const result = await checkPushEndpoint(endpoint, on);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('refuses a name that resolves to a private address (DNS checked, every answer)', async () => {
    const result = await checkPushEndpoint('https://push.attacker.example/x', {
      allowLocal: false,
      resolve: resolvesTo('142.250.74.78', '192.168.1.10'),
    });
    expect(result).toEqual({
      ok: false,
      reason: "The endpoint's host push.attacker.example resolves to 192.168.1.10, which is not a public address.",
    });
  });

  it('refuses a name that resolves to the metadata address or an IPv4-mapped loopback', async () => {
    for (const address of ['169.254.169.254', '::ffff:127.0.0.1']) {
      const result = await checkPushEndpoint('https://push.example/x', {
        allowLocal: false,
        resolve: resolvesTo(address),
      });
      expect(result.ok, address).toBe(false);
    }
  });

  it('refuses a name that does not resolve', async () => {
    const failing: AddressResolver = async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
    };
    expect(await checkPushEndpoint('https://nowhere.invalid/x', { allowLocal: false, resolve: failing })).toMatchObject(
      { ok: false, reason: expect.stringMatching(/does not resolve/) },
    );
  });
});

describe('checkPushEndpoint with local endpoints allowed (the test setting)', () => {
  it('accepts http and loopback, still refuses other schemes', async () => {
    expect(await checkPushEndpoint('http://localhost:8090/notify/x', { allowLocal: true })).toMatchObject({ ok: true });
    expect(await checkPushEndpoint('https://127.0.0.1/x', { allowLocal: true })).toMatchObject({ ok: true });
    expect(await checkPushEndpoint('file:///etc/passwd', { allowLocal: true })).toMatchObject({ ok: false });
  });

  it('is on only when KAIROS_ALLOW_LOCAL_PUSH_ENDPOINTS is exactly 1', () => {
    expect(localEndpointsAllowed({ KAIROS_ALLOW_LOCAL_PUSH_ENDPOINTS: '1' })).toBe(true);
    expect(localEndpointsAllowed({ KAIROS_ALLOW_LOCAL_PUSH_ENDPOINTS: 'true' })).toBe(false);
    expect(localEndpointsAllowed({})).toBe(false);
  });
});

describe('the sender checks again before it connects', () => {
  let sink: PushSink;
  const signer = new VapidSigner(webpush.generateVAPIDKeys(), 'mailto:test@example.com');
  const options = { ttlSeconds: 60, urgency: 'normal' as const };
  beforeAll(async () => {
    sink = await startPushSink();
  });
  afterAll(() => sink.close());

  it('does not connect when the name now resolves to a private address (DNS rebinding)', async () => {
    const port = new URL(sink.origin).port;
    const sender = new PushSender({ signer, allowLocal: false, resolve: resolvesTo('127.0.0.1') });
    const response = await sender.send(
      { endpoint: `https://push.rebound.example:${port}/x`, ...fakeClientKeys() },
      '{"kind":"config"}',
      options,
    );
    sender.close();
    expect(response.statusCode).toBeNull();
    expect(response.error).toMatch(/127\.0\.0\.1, which is not a public address/);
    expect(sink.connections).toBe(0);
  });

  it('refuses http and private address literals without the test setting, sends with it', async () => {
    const guarded = new PushSender({ signer, allowLocal: false });
    const endpoint = `${sink.origin}/literal`;
    expect((await guarded.send({ endpoint, ...fakeClientKeys() }, '{}', options)).error).toMatch(/https/);
    const httpsLiteral = endpoint.replace('http:', 'https:');
    expect((await guarded.send({ endpoint: httpsLiteral, ...fakeClientKeys() }, '{}', options)).error).toMatch(
      /not a public address/,
    );
    guarded.close();
    expect(sink.connections).toBe(0);

    const allowed = new PushSender({ signer, allowLocal: true });
    expect((await allowed.send({ endpoint, ...fakeClientKeys() }, '{}', options)).statusCode).toBe(201);
    allowed.close();
    expect(sink.received.get('/literal')).toBe(1);
  });
});
