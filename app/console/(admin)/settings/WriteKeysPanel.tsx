'use client';
// Write keys: create one under a name (the key is shown once), list them,
// revoke one. Keys from KAIROS_WRITE_KEYS are listed but changed only there.
import { type FormEvent, useState } from 'react';
import type { CreatedWriteKey, WriteKeyListing } from '@/lib/contracts/write-key';
import { dateFormat, errorMessage } from '../data/format';
import { ConfirmDialog } from '../_members/ConfirmDialog';
import { NewWriteKey } from './NewWriteKey';
import { createWriteKey, revokeWriteKey, useWriteKeysQuery } from './useWriteKeysQuery';

const when = (iso: string | null) => (iso ? dateFormat.format(new Date(iso)) : '');

function WriteKeyRow({ writeKey, onRevoke }: { writeKey: WriteKeyListing; onRevoke: () => void }) {
  const active = writeKey.revokedAt === null;
  return (
    <tr className="border-b border-slate-100">
      <td className="py-2 font-medium">{writeKey.name}</td>
      <td className="font-mono">{writeKey.keyStart}…</td>
      <td>{writeKey.source === 'environment' ? 'KAIROS_WRITE_KEYS' : when(writeKey.createdAt)}</td>
      <td>{active ? 'Active' : `Revoked ${when(writeKey.revokedAt)}`}</td>
      <td className="text-right">
        {active && writeKey.source === 'stored' ? (
          <button type="button" className="text-red-700 underline" onClick={onRevoke}>
            Revoke <span className="sr-only">{writeKey.name}</span>
          </button>
        ) : null}
      </td>
    </tr>
  );
}

export function WriteKeysPanel() {
  const { state, reload } = useWriteKeysQuery();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedWriteKey>();
  const [problem, setProblem] = useState<string>();
  const [revoking, setRevoking] = useState<string>();

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      setCreated(await createWriteKey(name));
      setName('');
      await reload();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  const revoke = async (keyName: string) => {
    setRevoking(undefined);
    setProblem(undefined);
    try {
      await revokeWriteKey(keyName);
      await reload();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  return (
    <section aria-labelledby="write-keys-title" className="space-y-4 rounded-xl border border-slate-200 bg-white p-5">
      <div>
        <h2 id="write-keys-title" className="text-lg font-semibold">
          Write keys
        </h2>
        <p className="text-sm text-slate-600">
          Servers and Segment, RudderStack or Jitsu libraries send events to <code>/v1/batch</code> with one of these
          keys as their write key. The browser tracker needs none.
        </p>
      </div>

      <form onSubmit={(event) => void create(event)} className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-sm">
          Name
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            required
            maxLength={64}
            placeholder="shop-backend"
            className="mt-1 rounded-md border border-slate-300 px-2 py-1"
          />
        </label>
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
        >
          Create key
        </button>
      </form>

      {problem ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {problem}
        </p>
      ) : null}
      {created ? <NewWriteKey created={created} onDismiss={() => setCreated(undefined)} /> : null}

      {state.status === 'loading' ? <p role="status">Loading write keys…</p> : null}
      {state.status === 'error' ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          The write keys could not be loaded: {state.message}{' '}
          <button type="button" className="underline" onClick={() => void reload()}>
            Try again
          </button>
        </div>
      ) : null}
      {state.status === 'loaded' && state.data.length === 0 ? (
        <p className="text-sm text-slate-600">No write keys yet.</p>
      ) : null}
      {state.status === 'loaded' && state.data.length > 0 ? (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Write keys</caption>
          <thead className="border-b border-slate-200 text-slate-600">
            <tr>
              <th scope="col" className="py-2">
                Name
              </th>
              <th scope="col">Key starts</th>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.data.map((writeKey) => (
              <WriteKeyRow
                key={`${writeKey.source}-${writeKey.id ?? writeKey.name}`}
                writeKey={writeKey}
                onRevoke={() => setRevoking(writeKey.name)}
              />
            ))}
          </tbody>
        </table>
      ) : null}

      <ConfirmDialog
        open={revoking !== undefined}
        title="Revoke this write key?"
        message={`Senders using "${revoking ?? ''}" get 401 from their next request on. This cannot be undone.`}
        confirmLabel="Revoke"
        onConfirm={() => revoking !== undefined && void revoke(revoking)}
        onCancel={() => setRevoking(undefined)}
      />
    </section>
  );
}
