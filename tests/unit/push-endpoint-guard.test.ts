// The SSRF guard: a push endpoint is a URL the server POSTs to, so
// it must be https on port 443 (or a configured port) at a public address, by
// literal and after DNS — unless the explicit test setting allows local
// endpoints. Each case injects a URL, a port or a DNS answer that an attacker
// would use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AddressResolver,
  checkPushEndpoint,
  endpointPorts,
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
    '192.88.99.1', // 6to4 relay anycast
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
    '2002:c0a8:101::1', // 6to4 of 192.168.1.1
    '0:0:0:0:0:ffff:7f00:1', // IPv4-mapped loopback, uncompressed
    '::ffff:0:127.0.0.1', // IPv4-translated loopback (RFC 2765)
    '::ffff:0:7f00:1', // the same as the URL parser writes it
    '::ffff:0:8.8.8.8', // translated: refused whole, a local translator decides where it goes
    '::127.0.0.1', // deprecated IPv4-compatible
    '::8.8.8.8',
    '64:ff9b::a00:1', // well-known NAT64 of 10.0.0.1
    '64:ff9b::8.8.8.8', // well-known NAT64, refused whole
    '64:ff9b:1::a00:1', // local-use NAT64 (RFC 8215)
    '64:ff9b:1:ffff::1',
    '100::1', // discard
    '100:0:0:1::1', // dummy prefix
    '2001::1', // Teredo
    '2001:2::1', // benchmarking
    '2001:1ff:ffff::1', // the top of the IETF protocol assignments /23
    '2001:db8::1', // documentation
    '3fff::1', // documentation (RFC 9637)
    '5f00::1', // segment-routing SIDs
    'fec0::1', // site-local
    'fe80::1%eth0', // scoped link-local
    '[::1]',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '142.250.74.78',
    '172.32.0.1',
    '100.128.0.1',
    '2607:f8b0:4004:800::200e',
    '2001:4860:4860::8888', // just past the IETF /23 (Google DNS)
    '2a00:1450:4001:82b::200a',
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '2002:808:808::1', // 6to4 of a public address
  ])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('checkPushEndpoint with the guard on', () => {
  const on = { allowLocal: false, resolve: resolvesTo('142.250.74.78') };

  it('accepts https on a host with only public addresses, on the default or an explicit 443', async () => {
    expect(await checkPushEndpoint('https://fcm.googleapis.com/fcm/send/abc', on)).toMatchObject({ ok: true });
    expect(await checkPushEndpoint('https://fcm.googleapis.com:443/fcm/send/abc', on)).toMatchObject({ ok: true });
  });

  it('accepts a port the operator listed, and still 443', async () => {
    const listed = { ...on, ports: endpointPorts({ KAIROS_PUSH_ENDPOINT_PORTS: '8443' }) };
    expect(await checkPushEndpoint('https://push.example:8443/x', listed)).toMatchObject({ ok: true });
    expect(await checkPushEndpoint('https://push.example/x', listed)).toMatchObject({ ok: true });
    expect(await checkPushEndpoint('https://push.example:8444/x', listed)).toMatchObject({ ok: false });
  });

  it.each([
    ['http://fcm.googleapis.com/fcm/send/abc', /https/],
    ['https://127.0.0.1/push', /not a public address/],
    ['https://169.254.169.254/latest/meta-data/', /not a public address/],
    ['https://[::1]:8443/push', /not a public address/],
    ['https://[::ffff:10.0.0.1]/push', /not a public address/],
    ['https://0x7f.1/push', /not a public address/], // the URL parser's 127.0.0.1
    ['https://[::ffff:0:127.0.0.1]/push', /not a public address/], // IPv4-translated loopback
    ['https://[64:ff9b:1::a9fe:a9fe]/push', /not a public address/], // local NAT64 of the metadata address
    ['https://[2002:a9fe:a9fe::1]/push', /not a public address/], // 6to4 of the metadata address
    ['https://fcm.googleapis.com:22/x', /port 22 is not allowed/], // SSH on a public host
    ['https://fcm.googleapis.com:6379/x', /port 6379 is not allowed/], // Redis on a public host
    ['https://fcm.googleapis.com:80/x', /port 80 is not allowed/],
    ['https://[2607:f8b0:4004:800::200e]:8443/x', /port 8443 is not allowed/], // a public literal, a wrong port
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

  it('refuses a name that resolves to the metadata address or a mapped, translated or NAT64 private address', async () => {
    for (const address of ['169.254.169.254', '::ffff:127.0.0.1', '::ffff:0:7f00:1', '64:ff9b:1::a00:1']) {
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

  it('keeps any port: the test push service listens on a random one', async () => {
    const strict = { allowLocal: true, ports: endpointPorts({}) };
    expect(await checkPushEndpoint('http://localhost:40123/notify/x', strict)).toMatchObject({ ok: true });
  });

  it('is on only when KAIROS_ALLOW_LOCAL_PUSH_ENDPOINTS is exactly 1', () => {
    expect(localEndpointsAllowed({ KAIROS_ALLOW_LOCAL_PUSH_ENDPOINTS: '1' })).toBe(true);
    expect(localEndpointsAllowed({ KAIROS_ALLOW_LOCAL_PUSH_ENDPOINTS: 'true' })).toBe(false);
    expect(localEndpointsAllowed({})).toBe(false);
  });
});

describe('endpointPorts', () => {
  it('is 443 plus the listed ports; an entry that is not a port narrows, never widens', () => {
    expect([...endpointPorts({})]).toEqual([443]);
    expect([...endpointPorts({ KAIROS_PUSH_ENDPOINT_PORTS: ' 8443, 4433 ' })]).toEqual([443, 8443, 4433]);
    expect([...endpointPorts({ KAIROS_PUSH_ENDPOINT_PORTS: '0,65536,-1,1.5,ssh,,*' })]).toEqual([443]);
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
    const sinkPort = new Set([443, Number(port)]);
    const sender = new PushSender({ signer, allowLocal: false, resolve: resolvesTo('127.0.0.1'), ports: sinkPort });
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
    const endpoint = `${sink.origin}/literal`;
    const guarded = new PushSender({ signer, allowLocal: false, ports: new Set([Number(new URL(endpoint).port)]) });
    expect((await guarded.send({ endpoint, ...fakeClientKeys() }, '{}', options)).error).toMatch(/https/);
    const httpsLiteral = endpoint.replace('http:', 'https:');
    expect((await guarded.send({ endpoint: httpsLiteral, ...fakeClientKeys() }, '{}', options)).error).toMatch(
      /not a public address/,
    );
    guarded.close();
    expect(sink.connections).toBe(0);

    const allowed = new PushSender({ signer, allowLocal: true, ports: endpointPorts({}) });
    expect((await allowed.send({ endpoint, ...fakeClientKeys() }, '{}', options)).statusCode).toBe(201);
    allowed.close();
    expect(sink.received.get('/literal')).toBe(1);
  });

  it('refuses a port outside the list for an endpoint stored before the rule, without connecting', async () => {
    const port = new URL(sink.origin).port;
    const connectionsBefore = sink.connections;
    const sender = new PushSender({
      signer,
      allowLocal: false,
      resolve: resolvesTo('142.250.74.78'),
      ports: new Set([443]),
    });
    const response = await sender.send(
      { endpoint: `https://push.example:${port}/old`, ...fakeClientKeys() },
      '{}',
      options,
    );
    sender.close();
    expect(response).toMatchObject({ statusCode: null, error: expect.stringMatching(/port \d+ is not allowed/) });
    expect(sink.connections).toBe(connectionsBefore);
  });
});
