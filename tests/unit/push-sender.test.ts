// The sender's connection handling against a push service that misbehaves at
// the socket level (which web-push-testing cannot be made to do).
import { createECDH, randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import webpush from 'web-push';
import { afterEach, describe, expect, it } from 'vitest';
import { PushSender } from '@/lib/push/sender';
import { VapidSigner } from '@/lib/push/vapid-signer';

const keys = webpush.generateVAPIDKeys();
const browserKey = createECDH('prime256v1');
browserKey.generateKeys();
const target = (origin: string) => ({
  endpoint: `${origin}/push/1`,
  p256dh: browserKey.getPublicKey().toString('base64url'),
  auth: randomBytes(16).toString('base64url'),
});
const options = { ttlSeconds: 60, urgency: 'normal' as const };
const created = 'HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

describe('PushSender', () => {
  // Injected failure: the push service drops an idle kept-alive connection just
  // as the sender reuses it (it reads nothing and closes), as a server with a
  // short keep-alive timeout does.
  it('sends again on a fresh connection when a reused idle socket was closed', async () => {
    const connections: Socket[] = [];
    let requests = 0;
    const server = createServer((socket) => {
      const index = connections.push(socket);
      socket.on('data', (chunk) => {
        if (!chunk.toString('latin1').startsWith('POST')) return;
        requests += 1;
        // First connection: answer the first request, then hang up on the next one.
        if (index === 1 && requests > 1) socket.destroy();
        else socket.write(created);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sender = new PushSender({ signer: new VapidSigner(keys, 'mailto:test@example.com'), allowLocal: true });
    close = async () => {
      sender.close();
      for (const socket of connections) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    };

    expect((await sender.send(target(origin), '{"kind":"config"}', options)).statusCode).toBe(201);
    expect((await sender.send(target(origin), '{"kind":"config"}', options)).statusCode).toBe(201);
    expect(connections).toHaveLength(2);
  });

  // Injected failure: every connection is dropped before an answer. One retry, then a clear failure.
  it('reports a dropped connection instead of retrying forever', async () => {
    const server = createServer((socket) => socket.on('data', () => socket.destroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sender = new PushSender({ signer: new VapidSigner(keys, 'mailto:test@example.com'), allowLocal: true });
    close = async () => {
      sender.close();
      await new Promise((resolve) => server.close(resolve));
    };
    const response = await sender.send(target(origin), '{"kind":"config"}', options);
    expect(response.statusCode).toBeNull();
    expect(response.error).toBe('The push service closed the connection before answering.');
  });
});
