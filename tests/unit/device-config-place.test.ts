// The device keeps its config's place current (lib/moments/device-config.ts):
// a config with the same published parts but a new place (the visitor moved,
// or KAIROS_GEO changed) is stored; the same parts and place are not.
import { describe, expect, it } from 'vitest';
import type { DeviceConfig } from '@/lib/contracts/device-config';
import { refreshDeviceConfig } from '@/lib/moments/device-config';
import type { DeviceDatabase } from '@/lib/store/database';
import type { DeviceConfigEntry } from '@/lib/store/entities';

const published: DeviceConfig = {
  version: 'v7',
  publishedAt: '2026-12-01T00:00:00Z',
  segments: [],
  rfm: null,
  intent: null,
  rules: [],
};

function store(entry?: DeviceConfigEntry) {
  let current = entry;
  const db = {
    config: {
      get: async () => current,
      put: async (next: DeviceConfigEntry) => {
        current = next;
      },
    },
  } as unknown as DeviceDatabase;
  return { db, current: () => current };
}

const answer = (config: DeviceConfig) => async () =>
  new Response(JSON.stringify(config), { headers: { ETag: `"${config.version}.${config.geo?.country ?? ''}"` } });

describe('the place in the device config', () => {
  it('stores a config whose place changed though its version did not (injected: the visitor moved)', async () => {
    const device = store({
      key: 'current',
      config: { ...published, geo: { country: 'FR' } },
      etag: null,
      fetchedAt: 0,
    });
    const result = await refreshDeviceConfig(
      device.db,
      'http://kairos.test/api/device/config',
      answer({ ...published, geo: { country: 'DE' } }),
    );
    expect(result).toBe('updated');
    expect(device.current()?.config.geo).toEqual({ country: 'DE' });
  });

  it('leaves the same version and place alone', async () => {
    const device = store({
      key: 'current',
      config: { ...published, geo: { country: 'FR' } },
      etag: null,
      fetchedAt: 0,
    });
    const result = await refreshDeviceConfig(
      device.db,
      'http://kairos.test/api/device/config',
      answer({ ...published, geo: { country: 'FR' } }),
    );
    expect(result).toBe('unchanged');
  });
});
