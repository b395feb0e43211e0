/// <reference lib="webworker" />
// The Kairos service worker library for other sites. A site without a service
// worker serves a one-line file `importScripts('https://KAIROS/kairos-sw.js')`;
// a site with one adds that line to its own. Built to public/kairos-sw.js.
import { installDeviceService } from './device-wiring';
import { installMoments } from './moments-wiring';

installMoments(installDeviceService());
