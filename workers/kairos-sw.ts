/// <reference lib="webworker" />
// The Kairos service worker library for other sites. A site without a service
// worker serves a one-line file `importScripts('https://KAIROS/kairos-sw.js')`;
// a site with one adds that line to its own. Built to public/kairos-sw.js.
import { deviceFeature } from './features/device';
import { addEventListeners } from './features/listeners';
import { momentsFeature } from './features/moments';
import { notificationsFeature } from './features/notifications';

const device = deviceFeature();
const moments = momentsFeature(device);
addEventListeners([device, moments, notificationsFeature(device.service, moments.refreshConfig, moments.noteShown)]);
