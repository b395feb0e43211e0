// A new segment never takes a name already in the list. (Injected failure: the name
// saved as typed, two segments with one name.)
import { expect, test } from 'vitest';
import { unusedSegmentName } from '@/app/console/(admin)/segments/segment-name';

test('a free name is kept; a taken one gets (copy), then (copy 2)', () => {
  expect(unusedSegmentName('Champions', ['Loyal'])).toBe('Champions');
  expect(unusedSegmentName('Champions', ['Champions'])).toBe('Champions (copy)');
  expect(unusedSegmentName('Champions', ['Champions', 'Champions (copy)'])).toBe('Champions (copy 2)');
});

test('the suffixed name still fits in 120 characters', () => {
  const long = 'x'.repeat(120);
  const named = unusedSegmentName(long, [long]);
  expect(named).toHaveLength(120);
  expect(named.endsWith(' (copy)')).toBe(true);
});
