// Whether devices already place themselves in intent tiers, and with which fit.
import type { PublishedIntent } from './usePublishedIntentModel';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

function statusText(published: PublishedIntent): string {
  switch (published.status) {
    case 'loading':
      return 'Checking the published model…';
    case 'error':
      return `The published model could not be checked: ${published.message}`;
    case 'loaded':
      return published.data === null
        ? 'No intent model is published for devices yet.'
        : `Devices place themselves in tiers with a model calibrated to ${dateFormat.format(published.data.asOf)} (r ${published.data.bgnbd.r.toFixed(4)}).`;
  }
}

export function PublishedIntentStatus({ published }: { published: PublishedIntent }) {
  return (
    <p className="text-sm text-slate-600" data-testid="intent-published">
      {statusText(published)}
    </p>
  );
}
