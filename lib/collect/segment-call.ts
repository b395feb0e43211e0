// One Segment-shaped call (lib/contracts/segment-api.ts) read into the event
// Kairos stores: the fields the tracker's events have go to the same columns,
// so every analysis reads both alike; what has no column goes to `extra`.
//   - anonymousId or userId, at least one; a call with only a userId is stored
//     under userOnlyAnonymousId(userId), one customer per user.
//   - track needs `event`; alias needs `userId` and `previousId` (stored as
//     properties.previousId); group needs `groupId` (properties.groupId).
//   - page and screen: `name` and `category` go to properties.name / .category
//     (where analytics.js puts them), and a page's url, path, referrer, title
//     and search properties fill context.page when the call's context has none.
//   - context: page, campaign, locale, timezone, userAgent, device.type and
//     library are kept in the event's context; `ip` only when the operator
//     says so (KAIROS_KEEP_CONTEXT_IP), else it is dropped; the rest goes to extra.
//   - context.geo is the server's own (lib/collect/event-geo.ts): from
//     `context.ip` or a browser's address; a geo the sender wrote goes to extra.
//   - a missing messageId gets a random one (nothing to de-duplicate on).
import { randomUUID } from 'node:crypto';
import type { StoredEvent } from '../contracts/event';
import {
  readNotKept,
  type SegmentCall,
  segmentCallSchema,
  type SegmentCallType,
  userOnlyAnonymousId,
} from '../contracts/segment-api';
import type { EventLocator } from './event-geo';
import { boundedExtra, type ExtraField } from './extra-fields';
import { callClock } from './segment-clock';
import { contextObjectFields, contextValues, parseSegmentCall } from './segment-parsers';
import { type EventReading, issueText } from './validate';

export interface CallDefaults {
  /** The type the path names (`/v1/track`); a batch's calls carry their own. */
  type?: SegmentCallType;
  /** The batch's `sentAt`, for calls without their own. */
  sentAt?: string;
  /** Keep `context.ip` (off unless KAIROS_KEEP_CONTEXT_IP is set). */
  keepIp: boolean;
  /** Places a call for its `context.geo` (from its `context.ip`, else the request); none: no geo. */
  locate?: EventLocator;
}

type Fields = Record<string, unknown>;
type FieldParsers = Readonly<Record<string, (input: unknown) => unknown>>;

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `table[key]` where the table has that key of its own (never `toString` and the like from its prototype). */
const own = <T extends object>(table: T, key: string): T[keyof T] | undefined =>
  Object.hasOwn(table, key) ? table[key as keyof T] : undefined;

/** The call as segmentCallSchema parses it, by the compiled parser; zod is asked only for why a call is refused. */
function parsedCall(raw: unknown): SegmentCall | string {
  const call = parseSegmentCall(raw);
  if (call) return call;
  const parsed = segmentCallSchema.safeParse(raw);
  return parsed.success ? parsed.data : issueText(parsed.error);
}

/** The known fields of `value` that pass their parser, and the rest; either is absent when empty. */
function split(value: Fields, parsers: FieldParsers): { kept?: Fields; rest?: Fields } {
  const parts: { kept?: Fields; rest?: Fields } = {};
  for (const key of Object.keys(value)) {
    const parsed = own(parsers, key)?.(value[key]);
    if (parsed !== undefined) (parts.kept ??= {})[key] = parsed;
    else (parts.rest ??= {})[key] = value[key];
  }
  return parts;
}

function readContext(context: Fields, keepIp: boolean, extra: ExtraField[]): Fields {
  const kept: Fields = {};
  for (const key of Object.keys(context)) {
    const value = context[key];
    const fields = own(contextObjectFields, key);
    if (key === 'ip') {
      if (keepIp && contextValues.ip(value) !== undefined) kept.ip = value;
    } else if (fields && isFields(value)) {
      const parts = split(value, fields);
      if (parts.kept) kept[key] = parts.kept;
      if (parts.rest) extra.push({ path: ['context', key], value: parts.rest });
    } else if (own(contextValues, key)?.(value) !== undefined) {
      kept[key] = value;
    } else {
      extra.push({ path: ['context', key], value });
    }
  }
  return kept;
}

const pageProperties = ['url', 'path', 'referrer', 'title', 'search'] as const;

/** A page call's url, path, … properties as context.page, where the context has none (the tracker's place). */
function pageFromProperties(properties: Fields, context: Fields): void {
  if (context.page !== undefined) return;
  let page: Fields | undefined;
  for (const key of pageProperties) {
    const parsed = key in properties ? own(contextObjectFields.page, key)?.(properties[key]) : undefined;
    if (parsed !== undefined) (page ??= {})[key] = parsed;
  }
  if (page) context.page = page;
}

const knownCallFields = new Set<string>([...Object.keys(segmentCallSchema.shape), ...readNotKept]);

/** The reason a call that parsed cannot be stored, if any. */
function missingField(call: SegmentCall): string | undefined {
  if (!call.userId && !call.anonymousId) return 'anonymousId or userId: a call needs at least one';
  if (call.type === 'track' && !call.event) return 'event: a track call needs an event name';
  if (call.type === 'alias' && (!call.userId || !call.previousId)) return 'alias: a call needs userId and previousId';
  if (call.type === 'group' && !call.groupId) return 'groupId: a group call needs one';
  return undefined;
}

/** The call's properties with what a page, screen, alias or group call adds; the parse made the object, so it is ours to add to. */
function storedProperties(call: SegmentCall): Fields {
  const properties: Fields = call.properties ?? {};
  if (call.type === 'page' || call.type === 'screen') {
    if (call.name && properties.name === undefined) properties.name = call.name;
    if (call.category && properties.category === undefined) properties.category = call.category;
  }
  if (call.type === 'alias') properties.previousId = call.previousId;
  if (call.type === 'group') properties.groupId = call.groupId;
  return properties;
}

/** The reader checkEvents runs each storable call through (lib/collect/validate.ts). */
export function segmentCallReader(defaults: CallDefaults, receivedAt: Date): (storable: unknown) => EventReading {
  const clock = callClock(defaults.sentAt, receivedAt);
  return (storable) => {
    const raw = isFields(storable) && defaults.type ? { ...storable, type: defaults.type } : storable;
    const call = parsedCall(raw);
    if (typeof call === 'string') return call;
    const missing = missingField(call);
    if (missing) return missing;

    const extra: ExtraField[] = [];
    for (const key of Object.keys(call)) {
      if (!knownCallFields.has(key)) extra.push({ path: [key], value: call[key] });
    }
    const context = readContext(call.context ?? {}, defaults.keepIp, extra);
    const geo = defaults.locate?.(call.context?.ip);
    if (geo) context.geo = geo;
    const properties = storedProperties(call);
    if (call.type === 'page') pageFromProperties(properties, context);
    const times = clock(call);
    const userId = call.userId ?? null;
    const event: StoredEvent = {
      messageId: call.messageId ?? randomUUID(),
      type: call.type,
      ...(call.type === 'track' && { event: call.event }),
      properties,
      traits: call.traits ?? {},
      anonymousId: call.anonymousId ?? userOnlyAnonymousId(userId ?? ''),
      userId,
      timestamp: times.timestamp.toISOString(),
      context,
      extra: boundedExtra(extra),
    };
    return { event, ...times };
  };
}
