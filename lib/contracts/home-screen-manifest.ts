// What iOS and iPadOS need from a site's web app manifest before Safari gives
// the site Web Push: "Add to Home Screen" must make a web app (display
// standalone or fullscreen; with "browser" or "minimal-ui", or no manifest,
// it makes a bookmark that opens Safari, which has no push), with a name
// under its icon and an icon to show (WebKit, "Web Push for Web Apps on iOS
// and iPadOS"; W3C Web App Manifest, `display`, `name`, `icons`). Checked when
// the server starts, for the manifest it serves (server.ts), and shown in
// the console's Settings (docs/browsers.md, "The manifest").

/** The manifest members the check reads (W3C Web App Manifest). */
export interface ManifestFields {
  name?: string | undefined;
  short_name?: string | undefined;
  display?: string | undefined;
  icons?: readonly { src?: string; sizes?: string | undefined; type?: string | undefined }[] | undefined;
}

/** The smallest icon iOS uses for the Home Screen without scaling it up (180 × 180, the apple-touch-icon size). */
export const homeScreenIconPixels = 180;

const largest = (sizes: string | undefined): number =>
  Math.max(
    0,
    ...(sizes ?? '')
      .split(/\s+/)
      .map((size) => /^(\d+)x(\d+)$/i.exec(size))
      .map((match) => (match ? Math.min(Number(match[1]), Number(match[2])) : sizes === 'any' ? Infinity : 0)),
  );

/** Each thing an iPhone or iPad needs that the manifest lacks, in words that say the fix; none when it is ready. */
export function homeScreenManifestProblems(manifest: ManifestFields | undefined): string[] {
  if (!manifest) return ['There is no web app manifest: iOS adds the site as a bookmark, without Web Push.'];
  const problems: string[] = [];
  if (manifest.display !== 'standalone' && manifest.display !== 'fullscreen') {
    problems.push(
      `The manifest's display is ${manifest.display ? `"${manifest.display}"` : 'not set'}: iOS gives Web Push only ` +
        'to a Home Screen web app, which needs "standalone" or "fullscreen".',
    );
  }
  if (!manifest.name?.trim() && !manifest.short_name?.trim()) {
    problems.push('The manifest has no name or short_name: iOS shows one under the Home Screen icon.');
  }
  const icons = (manifest.icons ?? []).filter((icon) => icon.src);
  if (icons.length === 0) {
    problems.push(
      `The manifest has no icons: add one of at least ${homeScreenIconPixels}×${homeScreenIconPixels} pixels.`,
    );
  } else if (!icons.some((icon) => largest(icon.sizes) >= homeScreenIconPixels)) {
    problems.push(
      `The manifest's icons are all smaller than ${homeScreenIconPixels}×${homeScreenIconPixels} pixels: iOS scales them up blurred.`,
    );
  }
  return problems;
}
