import { trackingApiCall, trackingApiPreflight } from '@/app/_server/tracking-api-route';

export const OPTIONS = trackingApiPreflight;
export const POST = trackingApiCall('page');
