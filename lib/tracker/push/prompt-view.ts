// The soft prompt on the page: a small non-modal dialog with the site's words,
// built with textContent only (the site's text is never parsed as HTML).
// Escape or "Not now" dismisses it; "Allow" goes on to the browser's prompt.
import type { PromptConfig } from './prompt-config';

export interface PromptChoice {
  onAllow(): void;
  onDismiss(): void;
}

const builtInStyles = (config: PromptConfig) => ({
  box: {
    position: 'fixed',
    [config.position]: '16px',
    right: '16px',
    zIndex: '2147483000',
    maxWidth: '360px',
    padding: '16px',
    background: '#fff',
    color: '#0f172a',
    border: '1px solid #e2e8f0',
    borderRadius: '12px',
    boxShadow: '0 10px 30px rgba(15,23,42,.18)',
    font: '14px/1.45 system-ui,sans-serif',
  },
  title: { margin: '0 0 4px', fontWeight: '600', fontSize: '15px' },
  text: { margin: '0 0 12px' },
  allow: { background: config.color, color: '#fff', border: '0' },
  deny: { background: 'transparent', color: '#334155', border: '1px solid #cbd5e1' },
  button: { padding: '6px 14px', borderRadius: '8px', font: 'inherit', cursor: 'pointer', marginLeft: '8px' },
});

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Shows the prompt; returns a function that removes it. */
export function showPrompt(config: PromptConfig, choice: PromptChoice): () => void {
  const box = element('div', `kairos-prompt${config.className ? ` ${config.className}` : ''}`);
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-labelledby', 'kairos-prompt-title');
  box.setAttribute('aria-describedby', 'kairos-prompt-text');
  const title = element('p', 'kairos-prompt-title', config.title);
  title.id = 'kairos-prompt-title';
  const text = element('p', 'kairos-prompt-text', config.text);
  text.id = 'kairos-prompt-text';
  const actions = element('div', 'kairos-prompt-actions');
  const deny = element('button', 'kairos-prompt-deny', config.deny);
  const allow = element('button', 'kairos-prompt-allow', config.allow);
  deny.type = allow.type = 'button';
  actions.append(deny, allow);
  box.append(title, text, actions);
  if (!config.className) {
    const styles = builtInStyles(config);
    Object.assign(box.style, styles.box);
    Object.assign(title.style, styles.title);
    Object.assign(text.style, styles.text);
    Object.assign(actions.style, { textAlign: 'right' });
    Object.assign(deny.style, styles.button, styles.deny);
    Object.assign(allow.style, styles.button, styles.allow);
  }

  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') finish(choice.onDismiss);
  };
  function finish(then: () => void) {
    document.removeEventListener('keydown', onKey);
    box.remove();
    then();
  }
  deny.addEventListener('click', () => finish(choice.onDismiss));
  allow.addEventListener('click', () => finish(choice.onAllow));
  document.addEventListener('keydown', onKey);
  document.body.append(box);
  return () => {
    document.removeEventListener('keydown', onKey);
    box.remove();
  };
}
