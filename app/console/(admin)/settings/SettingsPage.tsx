'use client';
// Settings: the write keys servers and Segment-compatible libraries send
// events with (docs/segment-api.md), and whether the site's manifest lets
// iPhone and iPad visitors get Web Push (docs/browsers.md).
import { HomeScreenPanel } from './HomeScreenPanel';
import { WriteKeysPanel } from './WriteKeysPanel';

export function SettingsPage({ homeScreenProblems }: { homeScreenProblems: string[] }) {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Settings</h1>
        <p className="text-sm text-slate-600">Keys and connections of this Kairos server.</p>
      </div>
      <WriteKeysPanel />
      <HomeScreenPanel problems={homeScreenProblems} />
    </div>
  );
}
