// The manifest check run at server start and shown in the console's Settings
// (lib/contracts/home-screen-manifest.ts): what iOS needs before a site added to
// the Home Screen gets Web Push.
import { describe, expect, it } from 'vitest';
import manifest from '@/app/manifest';
import { homeScreenManifestProblems } from '@/lib/contracts/home-screen-manifest';

const ready = {
  name: 'Example Shop',
  display: 'standalone',
  icons: [{ src: '/icon-192.png', sizes: '192x192', type: 'image/png' }],
};

describe('the Home Screen manifest check', () => {
  it('finds nothing missing in the manifest Kairos serves, or in a ready one', () => {
    expect(homeScreenManifestProblems(manifest())).toEqual([]);
    expect(homeScreenManifestProblems(ready)).toEqual([]);
    expect(
      homeScreenManifestProblems({ ...ready, display: 'fullscreen', name: undefined, short_name: 'Shop' }),
    ).toEqual([]);
    expect(homeScreenManifestProblems({ ...ready, icons: [{ src: '/icon.svg', sizes: 'any' }] })).toEqual([]);
  });

  it('names each missing field with its fix (injected: a browser display, no name, small or no icons)', () => {
    expect(homeScreenManifestProblems({ ...ready, display: 'browser' })).toEqual([
      expect.stringMatching(/display is "browser".*"standalone" or "fullscreen"/),
    ]);
    expect(homeScreenManifestProblems({ ...ready, display: undefined })).toEqual([
      expect.stringMatching(/display is not set/),
    ]);
    expect(homeScreenManifestProblems({ ...ready, name: ' ' })).toEqual([
      expect.stringMatching(/no name or short_name/),
    ]);
    expect(homeScreenManifestProblems({ ...ready, icons: [] })).toEqual([expect.stringMatching(/no icons/)]);
    expect(homeScreenManifestProblems({ ...ready, icons: [{ src: '/i.png', sizes: '48x48 96x96' }] })).toEqual([
      expect.stringMatching(/smaller than 180×180/),
    ]);
    expect(homeScreenManifestProblems(undefined)).toEqual([expect.stringMatching(/no web app manifest/)]);
    expect(homeScreenManifestProblems({})).toHaveLength(3);
  });
});
