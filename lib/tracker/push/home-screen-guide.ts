// The "Add to Home Screen" guide: what iOS and iPadOS Safari visitors see
// instead of a permission prompt, since Safari gives push only to a site
// opened from the Home Screen. The site's words come from data-push-ios-*
// attributes on the kairos.js tag and are set as text, never parsed as HTML.
// Accessible: a labelled dialog that takes the focus, closes on Escape or its
// button, and gives the focus back to where it was.
export interface HomeScreenGuideText {
  title: string;
  text: string;
  steps: string[];
  close: string;
}

//   data-push-ios-title / -text / -close   its words
//   data-push-ios-steps                    the steps, separated by "|"
export function readHomeScreenGuideText(data: DOMStringMap): HomeScreenGuideText {
  const steps = (data.pushIosSteps ?? '')
    .split('|')
    .map((step) => step.trim())
    .filter(Boolean);
  return {
    title: data.pushIosTitle || 'Get notifications on this device',
    text: data.pushIosText || 'On iPhone and iPad, notifications come from sites added to the Home Screen:',
    steps: steps.length
      ? steps
      : [
          'Tap the Share button in Safari’s toolbar.',
          'Choose “Add to Home Screen”, then “Add”.',
          'Open the site from its new icon and allow notifications.',
        ],
    close: data.pushIosClose || 'Close',
  };
}

let open: HTMLElement | undefined;

/** Shows the guide (once at a time); `onClose` runs when the visitor closes it. */
export function showHomeScreenGuide(words: HomeScreenGuideText, onClose: () => void = () => {}): void {
  if (open?.isConnected) return;
  const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const box = document.createElement('div');
  box.className = 'kairos-ios-guide';
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-labelledby', 'kairos-ios-guide-title');
  box.setAttribute('aria-describedby', 'kairos-ios-guide-text');
  box.tabIndex = -1;
  Object.assign(box.style, {
    position: 'fixed',
    left: '12px',
    right: '12px',
    bottom: '12px',
    zIndex: '2147483000',
    padding: '16px',
    background: '#fff',
    color: '#0f172a',
    border: '1px solid #e2e8f0',
    borderRadius: '14px',
    boxShadow: '0 10px 30px rgba(15,23,42,.18)',
    font: '15px/1.45 system-ui,sans-serif',
  });
  const title = document.createElement('p');
  title.id = 'kairos-ios-guide-title';
  title.textContent = words.title;
  Object.assign(title.style, { margin: '0 0 4px', fontWeight: '600' });
  const text = document.createElement('p');
  text.id = 'kairos-ios-guide-text';
  text.textContent = words.text;
  text.style.margin = '0 0 8px';
  const list = document.createElement('ol');
  Object.assign(list.style, { margin: '0 0 12px', paddingLeft: '20px' });
  for (const step of words.steps) {
    const item = document.createElement('li');
    item.textContent = step;
    list.append(item);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = words.close;
  Object.assign(close.style, {
    padding: '8px 16px',
    borderRadius: '8px',
    font: 'inherit',
    border: '1px solid #cbd5e1',
    background: '#f8fafc',
    color: '#0f172a',
  });
  box.append(title, text, list, close);

  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') finish();
  };
  function finish() {
    document.removeEventListener('keydown', onKey);
    box.remove();
    open = undefined;
    returnTo?.focus();
    onClose();
  }
  close.addEventListener('click', finish);
  document.addEventListener('keydown', onKey);
  document.body.append(box);
  open = box;
  close.focus();
}
