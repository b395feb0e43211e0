// Sending a campaign from the console: the segment's members are computed here,
// in the browser's analytics engine over the server's latest events, and posted
// to the send route in chunks (the server keeps one delivery per subscription).
import { analyticsWorkerPath, WorkerEngine } from '@/lib/analytics/worker-client';
import {
  type CampaignListItem,
  type CreateCampaign,
  campaignLimits,
  type SendCampaignResponse,
  type TestMessageRequest,
  type TestSendResponse,
} from '@/lib/contracts/campaign';
import type { SegmentTree } from '@/lib/contracts/segment';
import type { TrackerConfig } from '@/lib/tracker/config';
import { anonymousId } from '@/lib/tracker/identity';
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
 * The segment's members over the server's latest events (visitors who just
 * subscribed must be in it), in an analytics worker of the send's own: a
 * dataset the marketer loaded elsewhere in the console stays as it is.
 */
export async function segmentMembers(exportUrl: string, tree: SegmentTree): Promise<string[]> {
  const engine = new WorkerEngine(new Worker(new URL(analyticsWorkerPath, window.location.href)));
  try {
    await engine.loadArrowFromUrl({ url: new URL(exportUrl, window.location.href).href });
    return await engine.segmentMembers({ tree });
  } finally {
    await engine.close();
  }
}

export interface SendSummary {
  members: number;
  queued: number;
  subscribedVisitors: number;
}

export async function sendToMembers(campaignId: number, members: string[]): Promise<SendSummary> {
  const summary: SendSummary = { members: members.length, queued: 0, subscribedVisitors: 0 };
  for (let start = 0; start < members.length; start += campaignLimits.maxSendBatch) {
    const result = await adminApi.post<SendCampaignResponse>(`/api/admin/campaigns/${campaignId}/send`, {
      anonymousIds: members.slice(start, start + campaignLimits.maxSendBatch),
    });
    summary.queued += result.queued;
    summary.subscribedVisitors += result.subscribedVisitors;
  }
  return summary;
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
  try {
    await subscribe(config, { anonymousId, userId: () => null, allowed: () => true });
  } catch (error) {
    throw new Error(
      browserPushProblem(error, {
        secureContext: window.isSecureContext,
        permission: 'Notification' in window ? Notification.permission : 'unsupported',
      }),
    );
  }
  return adminApi.post<TestSendResponse>('/api/admin/campaigns/test', {
    anonymousId: anonymousId(),
    ...test,
  } satisfies TestMessageRequest);
}
