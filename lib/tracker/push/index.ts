// kairos-push.js: Web Push for sites that use it, loaded by kairos.js on
// demand (kairos.subscribe(), kairos.unsubscribe(), or data-push on its tag)
// so the tracker every page loads stays within its 3 KB budget.
import { readConfig } from '../config';
import { readHomeScreenGuideText } from './home-screen-guide';
import { startPrompt } from './prompt';
import { subscribe, type TrackerIdentity, unsubscribe } from './subscription';

export type PushMethod = 'subscribe' | 'unsubscribe' | 'prompt';

let prompting = false;

export function run(method: PushMethod, script: HTMLScriptElement | null, visitor: TrackerIdentity): Promise<unknown> {
  const config = readConfig(script);
  if (method === 'subscribe') return subscribe(config, visitor, readHomeScreenGuideText(script?.dataset ?? {}));
  if (method === 'unsubscribe') return unsubscribe(config);
  if (!prompting) {
    prompting = true;
    try {
      startPrompt(config, script, visitor);
    } catch (error) {
      // A tracker must never break the site it is on.
      console.warn('kairos:', error);
    }
  }
  return Promise.resolve();
}
