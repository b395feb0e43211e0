// The tracker's settings, read from the data-* attributes of its script tag:
//   data-collector   collector URL (default: /api/collect next to the script)
//   data-consent     "required": nothing is stored or sent before kairos.consent(true)
//   data-search      URL parameters that carry a search query (default: lib/contracts/event-names.ts)
//   data-sw          a service worker to register when the page has none (e.g. /kairos-sw.js)
import { defaultSearchParameters } from '../contracts/event-names';

export interface TrackerConfig {
  collector: string;
  consentRequired: boolean;
  searchParams: string[];
  serviceWorker: string | undefined;
}

export function readConfig(script: HTMLScriptElement | null): TrackerConfig {
  const data = script?.dataset ?? {};
  const base = script?.src || location.href;
  return {
    collector: new URL(data.collector || '/api/collect', base).href,
    consentRequired: data.consent === 'required',
    searchParams: data.search ? data.search.split(',').map((name) => name.trim()) : [...defaultSearchParameters],
    serviceWorker: data.sw || undefined,
  };
}
