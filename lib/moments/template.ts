// The notification a fired rule shows: `{{query}}` replaced by the moment's
// text. Notifications render plain text (no HTML), so the query is inserted as
// it is, only trimmed and shortened; in the URL it is percent-encoded, so a
// query can never change where the click leads beyond its own parameter.
import type { MomentMessage } from '../contracts/moment-rule';
import { cutText } from '../contracts/text';

const placeholder = /\{\{\s*query\s*\}\}/g;
/** A query longer than this is cut (with an ellipsis) before it goes into a title or body. */
export const maxInsertedQuery = 80;

const shorten = (text: string, max: number) => (text.length > max ? `${cutText(text, max - 1).trimEnd()}…` : text);

export interface FilledMessage {
  title: string;
  body: string;
  url: string;
  icon?: string;
}

export function fillMessage(message: MomentMessage, query: string): FilledMessage {
  const shown = shorten(query.replace(/\s+/g, ' ').trim(), maxInsertedQuery);
  const fill = (text: string, max: number) =>
    shorten(
      text.replace(placeholder, () => shown),
      max,
    );
  return {
    title: fill(message.title, 200),
    body: fill(message.body, 1_000),
    url: message.url.replace(placeholder, () => encodeURIComponent(shown)),
    ...(message.icon ? { icon: message.icon } : {}),
  };
}
