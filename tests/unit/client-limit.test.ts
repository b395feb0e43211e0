import { afterEach, describe, expect, it } from 'vitest';
import { clientAddressHeader } from '@/lib/http/client-address';
import { clientLimiter, overLimit } from '@/lib/http/client-limit';

const from = (address: string) =>
  new Request('http://kairos.test/api/collect', { method: 'POST', headers: { [clientAddressHeader]: address } });

describe('public route limits', () => {
  afterEach(() => {
    delete process.env.KAIROS_TEST_RATE_LIMIT;
    delete process.env.KAIROS_TEST_GLOBAL_RATE_LIMIT;
  });

  it('limit each client, and others are served (injected: one client over its limit)', () => {
    const limiter = clientLimiter(['KAIROS_TEST_RATE_LIMIT', 2], ['KAIROS_TEST_GLOBAL_RATE_LIMIT', 100]);
    expect(overLimit(limiter, from('198.51.100.1'))).toBeUndefined();
    expect(overLimit(limiter, from('198.51.100.1'))).toBeUndefined();
    expect(overLimit(limiter, from('198.51.100.1'))?.status).toBe(429);
    expect(overLimit(limiter, from('198.51.100.2'))).toBeUndefined();
  });

  it('limit everyone together (injected: many addresses, each under its own limit)', () => {
    const limiter = clientLimiter(['KAIROS_TEST_RATE_LIMIT', 2], ['KAIROS_TEST_GLOBAL_RATE_LIMIT', 5]);
    const answers = Array.from({ length: 8 }, (_, i) => overLimit(limiter, from(`203.0.113.${i + 1}`)));
    expect(answers.filter((answer) => answer === undefined)).toHaveLength(5);
    const refused = answers.find((answer) => answer !== undefined);
    expect(refused?.status).toBe(429);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('do not let a client over its own limit spend the shared one (injected: one client hammering)', () => {
    const limiter = clientLimiter(['KAIROS_TEST_RATE_LIMIT', 2], ['KAIROS_TEST_GLOBAL_RATE_LIMIT', 5]);
    for (let i = 0; i < 50; i++) overLimit(limiter, from('198.51.100.1'));
    const others = Array.from({ length: 3 }, (_, i) => overLimit(limiter, from(`203.0.113.${i + 1}`)));
    expect(others).toEqual([undefined, undefined, undefined]);
  });

  it('read both limits from the environment (injected: configured limits)', () => {
    process.env.KAIROS_TEST_RATE_LIMIT = '7';
    process.env.KAIROS_TEST_GLOBAL_RATE_LIMIT = '70';
    const limiter = clientLimiter(['KAIROS_TEST_RATE_LIMIT', 2], ['KAIROS_TEST_GLOBAL_RATE_LIMIT', 5]);
    expect([limiter.perClient.limit, limiter.overall.limit]).toEqual([7, 70]);
    process.env.KAIROS_TEST_GLOBAL_RATE_LIMIT = 'lots';
    expect(clientLimiter(['KAIROS_TEST_RATE_LIMIT', 2], ['KAIROS_TEST_GLOBAL_RATE_LIMIT', 5]).overall.limit).toBe(5);
  });
});
