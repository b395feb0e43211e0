'use client';
// What a console page reads from the admin API, as loading, loaded or error.
// A reload keeps the answer on screen until the new one arrives, and only the
// latest load's answer is kept (an older one finishing later is dropped).
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../data/format';

export type AdminQuery<T> =
  { status: 'loading' } | { status: 'loaded'; data: T } | { status: 'error'; message: string };

/** `load` is held by identity (a module-level function): a new one is a new query. */
export function useAdminQuery<T>(load: () => Promise<T>) {
  const [state, setState] = useState<AdminQuery<T>>({ status: 'loading' });
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const data = await load();
      if (ticket === latest.current) setState({ status: 'loaded', data });
    } catch (error) {
      if (ticket === latest.current) setState({ status: 'error', message: errorMessage(error) });
    }
  }, [load]);

  useEffect(() => {
    void reload();
    // Unmounted (or a new query): whatever is still in flight is not shown.
    return () => void ++latest.current;
  }, [reload]);

  /** What a change the page made returned, shown without asking the server again. */
  const replace = useCallback((data: T) => {
    latest.current += 1;
    setState({ status: 'loaded', data });
  }, []);

  return { state, reload, replace };
}
