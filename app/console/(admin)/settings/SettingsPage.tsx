'use client';
// Settings: for now the write keys servers and Segment-compatible libraries
// send events with (docs/segment-api.md).
import { WriteKeysPanel } from './WriteKeysPanel';

export function SettingsPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Settings</h1>
        <p className="text-sm text-slate-600">Keys and connections of this Kairos server.</p>
      </div>
      <WriteKeysPanel />
    </div>
  );
}
