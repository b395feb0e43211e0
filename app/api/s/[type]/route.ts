import { trackingApiJitsuCall, trackingApiPreflight } from '@/app/_server/tracking-api-route';

// Jitsu's libraries' path for one call (docs/segment-api.md).
export const OPTIONS = trackingApiPreflight;
export const POST = trackingApiJitsuCall;
