'use client';
// People: a customer looked up by their userId (docs/people.md#the-person-view).
import { useRouter } from 'next/navigation';
import { useState } from 'react';

export function FindPerson() {
  const router = useRouter();
  const [userId, setUserId] = useState('');
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">People</h1>
      <p className="text-sm text-slate-600">
        A person is a userId with every device it signed in on. RFM, intent and segments count each person once.
      </p>
      <form
        className="flex gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (userId.trim()) router.push(`/console/people/${encodeURIComponent(userId.trim())}`);
        }}
      >
        <label className="sr-only" htmlFor="person-user-id">
          userId
        </label>
        <input
          id="person-user-id"
          value={userId}
          onChange={(event) => setUserId(event.target.value)}
          placeholder="userId"
          maxLength={200}
          className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm"
        />
        <button type="submit" className="rounded-lg bg-brand-700 px-3 py-1.5 text-sm font-medium text-white">
          Show
        </button>
      </form>
    </div>
  );
}
