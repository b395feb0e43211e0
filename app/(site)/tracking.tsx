'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useRef } from 'react';

type Properties = Record<string, unknown>;
interface Kairos {
  page(name?: string, properties?: Properties): void;
  track(event: string, properties?: Properties): void;
}
const kairos = () => (window as unknown as { kairos?: Kairos }).kairos;

/** Client-side navigations are page views too (the snippet tracked the first one). */
export function PageViews() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    kairos()?.page();
  }, [pathname, search]);
  return null;
}

/** Tracks one event when the component mounts (a product view, for example). */
export function TrackOnView({ event, properties }: { event: string; properties: Properties }) {
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    kairos()?.track(event, properties);
  }, [event, properties]);
  return null;
}
