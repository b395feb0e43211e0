// Sending a campaign from the console: the server computes the segment's
// members at send time and keeps one delivery per subscription; a test goes
// to this browser.
import {
  type CampaignListItem,
  type CreateCampaign,
  type SendCampaignRequest,
  type SendCampaignResponse,
  type TestMessageRequest,
  type TestSendResponse,
} from '@/lib/contracts/campaign';
import type { TrackerConfig } from '@/lib/tracker/config';
import { anonymousId } from '@/lib/tracker/identity';
import { readHomeScreenGuideText } from '@/lib/tracker/push/home-screen-guide';
import { subscribe } from '@/lib/tracker/push/subscription';
import { adminApi } from '../_api/admin-api';
import { browserPushProblem } from './browser-push-problem';
import type { Delivery } from './campaign-draft';

/** Creates the campaign, or updates the draft already saved (its id). */
export async function saveCampaign(id: number | null, campaign: CreateCampaign): Promise<CampaignListItem> {
  const saved =
    id === null
      ? await adminApi.post<{ campaign: CampaignListItem }>('/api/admin/campaigns', campaign)
      : await adminApi.patch<{ campaign: CampaignListItem }>(`/api/admin/campaigns/${id}`, campaign);
  return saved.campaign;
}

/**
 * Sends to the campaign's segment: the server computes the members over every
 * stored event when the campaign goes out (now, or at its scheduled time).
 */
export function sendToSegment(campaignId: number): Promise<SendCampaignResponse> {
  return adminApi.post<SendCampaignResponse>(`/api/admin/campaigns/${campaignId}/send`, {
    audience: 'segment',
  } satisfies SendCampaignRequest);
}

/**
 * A test send to this browser: it subscribes with the same module the tracker
 * uses (permission, the server's VAPID key, the subscribe route), then the
 * message as it is in the form is pushed to this browser's visitor id now.
 * Nothing is saved (POST /api/admin/campaigns/test takes the message itself).
 */
export async function testSendToThisBrowser(test: Delivery): Promise<TestSendResponse> {
  const config: TrackerConfig = {
    collector: new URL('/api/collect', window.location.href).href,
    consentRequired: false,
    searchParams: [],
    serviceWorker: '/sw.js',
  };
  // The console has no kairos.js: this browser's visitor id comes from the tracker's identity module directly.
  let subscribed: Awaited<ReturnType<typeof subscribe>>;
  try {
    // On an iPhone or iPad outside the Home Screen this shows the guide there instead.
    subscribed = await subscribe(
      config,
      { anonymousId, userId: () => null, allowed: () => true },
      readHomeScreenGuideText({}),
    );
  } catch (error) {
    throw new Error(
      browserPushProblem(error, {
        secureContext: window.isSecureContext,
        permission: 'Notification' in window ? Notification.permission : 'unsupported',
      }),
    );
  }
  if (subscribed.status === 'add-to-home-screen') {
    throw new Error('On iPhone and iPad, open the console from the Home Screen to receive a test there.');
  }
  return adminApi.post<TestSendResponse>('/api/admin/campaigns/test', {
    anonymousId: anonymousId(),
    ...test,
  } satisfies TestMessageRequest);
}
