// analytics.js's batching path (its `deliveryStrategy: batching`).
import { trackingApiBatch, trackingApiPreflight } from '@/app/_server/tracking-api-route';

export const OPTIONS = trackingApiPreflight;
export const POST = trackingApiBatch;
