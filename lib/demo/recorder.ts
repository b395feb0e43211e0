// Turns one visit into Segment-shaped events, as the tracker would send them:
// a `page` per page view, `track` calls on the page they happen on, an
// `identify` at sign-in. It also keeps the visit's clock, so timestamps move
// forward by believable reading and clicking times.
import type { KairosEvent } from '../contracts/event';
import type { Arrival, Campaign } from './acquisition';
import { pageUrl, type StorePage } from './pages';
import type { Random } from './random';
import type { VisitorProfile } from './visitors';

const second = 1_000;
const minute = 60 * second;

/** Time on a page: median 35 s, long tail, capped so a visit stays bounded. */
const dwellMedian = 35 * second;
const dwellMin = 3 * second;
const dwellMax = 8 * minute;

/** Delay between a page loading and a `track` call on it. */
const trackDelayMin = 300;
const trackDelayMax = 4 * second;

/**
 * Upper bounds that make a visit's length bounded, so the journey can start
 * the last visit early enough that no event lands after the demo's end. A
 * page carries at most three calls (viewed, added, identify).
 */
const maxPagesPerVisit = 14;
const maxTracksPerPage = 3;
export const maxVisitLength = maxPagesPerVisit * (dwellMax + maxTracksPerPage * trackDelayMax);

interface OpenPage {
  page: StorePage;
  url: string;
  referrer: string;
  /** Only on the landing page, as analytics.js reads UTM from the URL. */
  campaign?: Campaign;
}

export class VisitRecorder {
  private time: number;
  private current: OpenPage | undefined;
  private pages = 0;

  constructor(
    private readonly rng: Random,
    private readonly visitor: VisitorProfile,
    private readonly sessionId: string,
    start: number,
    /** Events are appended here; the caller owns the visitor's list. */
    private readonly out: KairosEvent[],
    /** The visitor's user id so far (null until they sign in). */
    public userId: string | null,
  ) {
    this.time = start;
  }

  /** Time of the last recorded event. */
  get now(): number {
    return this.time;
  }

  land(arrival: Arrival): void {
    this.open(arrival.landing, arrival.referrer, arrival.campaign);
  }

  /** Follows a link from the current page after reading it for a while. */
  visit(page: StorePage): void {
    if (this.pages >= maxPagesPerVisit) return;
    this.time += Math.round(Math.min(dwellMax, Math.max(dwellMin, this.rng.logNormal(dwellMedian, 0.9))));
    this.open(page, this.current?.url ?? '');
  }

  /** A `track` call on the current page, shortly after it loaded. */
  track(event: string, properties: Record<string, unknown>): void {
    this.tick();
    this.emit('track', event, properties, {});
  }

  identify(userId: string, traits: Record<string, unknown>): void {
    this.userId = userId;
    this.tick();
    this.emit('identify', undefined, {}, { ...traits });
  }

  private open(page: StorePage, referrer: string, campaign?: Campaign): void {
    this.pages += 1;
    this.current = { page, url: pageUrl(page), referrer, ...(campaign && { campaign }) };
    this.emit('page', undefined, { path: page.path, title: page.title }, {});
  }

  private tick(): void {
    this.time += this.rng.int(trackDelayMin, trackDelayMax);
  }

  private emit(
    type: KairosEvent['type'],
    event: string | undefined,
    properties: Record<string, unknown>,
    traits: Record<string, unknown>,
  ): void {
    this.out.push({
      messageId: this.rng.uuid(),
      type,
      ...(event !== undefined && { event }),
      properties,
      traits,
      anonymousId: this.visitor.anonymousId,
      userId: this.userId,
      sessionId: this.sessionId,
      timestamp: new Date(this.time).toISOString(),
      context: this.context(),
    });
  }

  private context(): KairosEvent['context'] {
    const { visitor, current } = this;
    const context: KairosEvent['context'] = {};
    if (current) {
      context.page = {
        url: current.url,
        path: current.page.path,
        referrer: current.referrer,
        title: current.page.title,
        ...(current.page.search && { search: current.page.search }),
      };
      if (current.campaign) context.campaign = { ...current.campaign };
    }
    context.locale = visitor.country.locale;
    context.timezone = visitor.timeZone.name;
    context.userAgent = visitor.userAgent;
    context.device = { type: visitor.device };
    return context;
  }
}
