// analytics.js's path for group calls (the type's first letter).
import { trackingApiCall, trackingApiPreflight } from '@/app/_server/tracking-api-route';

export const OPTIONS = trackingApiPreflight;
export const POST = trackingApiCall('group');
