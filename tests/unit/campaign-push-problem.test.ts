// The test send's explanations when this browser cannot subscribe: each case
// gets the step that fixes it, not the tracker's or the browser's raw wording
// (injected failure: passing the raw error through fails every case here).
import { describe, expect, it } from 'vitest';
import { browserPushProblem, pushProblems } from '@/app/console/(admin)/campaigns/browser-push-problem';

describe('browserPushProblem', () => {
  it('over plain HTTP on a LAN address, says Web Push needs HTTPS', () => {
    const text = browserPushProblem(new Error('Kairos: this browser has no Web Push.'), {
      secureContext: false,
      permission: 'unsupported',
    });
    expect(text).toBe(pushProblems.insecure);
    expect(text).toMatch(/HTTPS/);
  });

  it('with notifications blocked, says where to allow them', () => {
    const text = browserPushProblem(new Error('Kairos: notifications are blocked.'), {
      secureContext: true,
      permission: 'denied',
    });
    expect(text).toBe(pushProblems.blocked);
    expect(text).toMatch(/site settings/);
  });

  it('with the permission granted but no push service (headless, private window), says to use a regular window', () => {
    for (const error of [
      new DOMException('Registration failed - permission denied', 'NotAllowedError'),
      new DOMException('Registration failed - push service not available', 'AbortError'),
    ]) {
      const text = browserPushProblem(error, { secureContext: true, permission: 'granted' });
      expect(text).toBe(pushProblems.noPushService);
      expect(text).toMatch(/push service.*non-private window of Chrome, Edge or Firefox/);
    }
  });

  it('with the prompt dismissed, says to choose Allow', () => {
    expect(
      browserPushProblem(new Error('Kairos: notifications are not allowed.'), {
        secureContext: true,
        permission: 'default',
      }),
    ).toBe(pushProblems.dismissed);
  });

  it('passes other failures through without the tracker prefix', () => {
    expect(
      browserPushProblem(new Error('Kairos: push needs the Kairos service worker on this site (see data-sw).'), {
        secureContext: true,
        permission: 'granted',
      }),
    ).toBe('push needs the Kairos service worker on this site (see data-sw).');
  });
});
