// The saved-segments admin API as the console uses it, including what it refuses.
import { expect, test } from '@playwright/test';
import { loginAsAdmin } from '../fixtures/admin';

const atRiskSearchers = {
  all: [
    { kind: 'rfmSegment', segments: ['at risk'] },
    { kind: 'event', name: 'Products Searched', withinDays: 7 },
  ],
};

test('save, rename, resize, redefine, duplicate and delete a segment', async ({ request }) => {
  await loginAsAdmin(request);
  const created = await request.post('/api/admin/segments', {
    data: { name: 'At-risk searchers', definition: atRiskSearchers, size: { size: 42, share: 0.14 } },
  });
  expect(created.status()).toBe(201);
  const { segment } = await created.json();
  expect(segment).toMatchObject({ name: 'At-risk searchers', version: 1, sizeHistory: [{ size: 42, share: 0.14 }] });

  const renamed = await request.patch(`/api/admin/segments/${segment.id}`, {
    data: { name: 'Lapsed searchers', size: { size: 40, share: 0.13 } },
  });
  expect((await renamed.json()).segment).toMatchObject({ name: 'Lapsed searchers', version: 1 });
  const redefined = await request.patch(`/api/admin/segments/${segment.id}`, {
    data: { definition: { not: atRiskSearchers } },
  });
  expect((await redefined.json()).segment.version).toBe(2);

  const copy = await request.post(`/api/admin/segments/${segment.id}/duplicate`);
  expect(copy.status()).toBe(201);
  expect((await copy.json()).segment.name).toBe('Lapsed searchers (copy)');

  const list = await (await request.get('/api/admin/segments')).json();
  expect(list.segments.map((s: { name: string }) => s.name)).toEqual(
    expect.arrayContaining(['Lapsed searchers', 'Lapsed searchers (copy)']),
  );
  expect((await request.delete(`/api/admin/segments/${segment.id}`)).status()).toBe(204);
  expect((await request.get(`/api/admin/segments/${segment.id}`)).status()).toBe(404);
  expect((await request.delete(`/api/admin/segments/${segment.id}`)).status()).toBe(404);
});

test('refuses unknown fields, bad trees, over-deep trees, bad ids and malformed JSON with clear errors', async ({
  request,
}) => {
  await loginAsAdmin(request);
  const post = (data: unknown) => request.post('/api/admin/segments', { data });
  const unknownField = await post({ name: 'x', definition: atRiskSearchers, colour: 'red' });
  expect(unknownField.status()).toBe(400);
  const badCondition = await post({ name: 'x', definition: { kind: 'rfmSegment', segments: ['royalty'] } });
  expect(badCondition.status()).toBe(400);
  expect((await badCondition.json()).error.message).toMatch(/definition/);
  let deep: unknown = { kind: 'intent', tiers: ['high'] };
  for (let i = 0; i < 10; i++) deep = { not: deep };
  const tooDeep = await post({ name: 'x', definition: deep });
  expect(tooDeep.status()).toBe(400);
  expect((await tooDeep.json()).error.message).toMatch(/deeper than 8/);
  const emptyName = await post({ name: '   ', definition: atRiskSearchers });
  expect(emptyName.status()).toBe(400);
  expect((await request.get('/api/admin/segments/abc')).status()).toBe(404);
  const malformed = await request.post('/api/admin/segments', {
    data: Buffer.from('{"name":'),
    headers: { 'Content-Type': 'application/json' },
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.code).toBe('malformed_json');
});

test('a cross-site request cannot change segments, even with the admin cookie', async ({ request }) => {
  await loginAsAdmin(request);
  const response = await request.post('/api/admin/segments', {
    data: { name: 'x', definition: atRiskSearchers },
    headers: { Origin: 'https://evil.example' },
  });
  expect(response.status()).toBe(403);
});
