'use client';
// One campaign as it is stored: the message as written (placeholders shown as
// they are), its segment, send time, TTL, urgency, topic and delivery counts.
// Read-only: a draft or scheduled campaign is changed in the composer; once it
// is sending or sent it is what went out, and a copy is how it goes out again.
// Once sent, its results follow.
import { type ReactNode, useEffect, useRef } from 'react';
import type { CampaignListItem } from '@/lib/contracts/campaign';
import { variantLetter } from '@/lib/contracts/campaign-message';
import { dateFormat, numberFormat } from '../data/format';
import { CampaignResultsView } from './CampaignResultsView';
import { counts, statusStyle } from './CampaignList';
import { SkipReasons } from './SkipReasons';
import { timeModeText } from './policy-draft';
import type { SegmentsState } from './useSegmentsQuery';

const hoursFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const editable = (campaign: CampaignListItem) => campaign.status === 'draft' || campaign.status === 'scheduled';

function segmentText(campaign: CampaignListItem, segments: SegmentsState): string {
  if (campaign.segmentId === null) return 'None chosen yet';
  if (segments.status !== 'loaded') return `Segment #${campaign.segmentId}`;
  const segment = segments.data.find((candidate) => candidate.id === campaign.segmentId);
  return segment ? segment.name : `Segment #${campaign.segmentId} (deleted since)`;
}

function Row({ term, children, testId }: { term: string; children: ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 py-1">
      <dt className="text-slate-600">{term}</dt>
      <dd className="min-w-0 break-words" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** The staged send's plan, where it stands, and the winner with the reason once picked. */
function StageText({ campaign }: { campaign: CampaignListItem }) {
  const { stagedSend, stage } = campaign;
  if (!stagedSend) return null;
  const metric = stagedSend.metric === 'clickThrough' ? 'click-through' : 'conversion rate';
  const plan = `The variants go to ${hoursFormat.format(stagedSend.testShare * 100)}% of the audience; after ${stagedSend.waitHours} hours the winner by ${metric} goes to the rest.`;
  if (!stage) return <>{plan}</>;
  if (stage.winner === null) {
    return (
      <>
        {plan} Test share sent to {numberFormat.format(stage.testVisitors)} visitors; the winner is picked at{' '}
        {dateFormat.format(new Date(stage.decideAt))} UTC for the {numberFormat.format(stage.restVisitors)} waiting.
      </>
    );
  }
  return (
    <>
      {plan} <strong>Winner: variant {variantLetter(stage.winner)}</strong>
      {stage.decidedAt ? ` (picked ${dateFormat.format(new Date(stage.decidedAt))} UTC)` : ''}. {stage.reason}
    </>
  );
}

export function CampaignDetails({
  campaign,
  segments,
  busy,
  onEdit,
  onDuplicate,
  onClose,
}: {
  campaign: CampaignListItem;
  segments: SegmentsState;
  busy: boolean;
  onEdit: () => void;
  onDuplicate: () => void;
  onClose: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening a campaign moves the keyboard to what was opened.
  useEffect(() => heading.current?.focus(), [campaign.id]);
  const { message } = campaign;
  const none = <span className="text-slate-500">none</span>;
  return (
    <section
      id="campaign-details"
      aria-labelledby="campaign-details-heading"
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-6"
      data-testid="campaign-details"
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="campaign-details-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold break-words">
          {campaign.name}{' '}
          <span className={`rounded-full px-2 py-0.5 align-middle text-xs font-medium ${statusStyle[campaign.status]}`}>
            {campaign.status}
          </span>
        </h2>
        <button type="button" onClick={onClose} className="text-sm text-brand-700 underline">
          Close
        </button>
      </div>
      <p className="text-sm text-slate-600">
        Campaign #{campaign.id}, created {dateFormat.format(new Date(campaign.createdAt))} UTC
        {editable(campaign)
          ? '.'
          : `. It is ${campaign.status}: what went out cannot change. Duplicate it to send it again.`}
      </p>
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="details-message-heading">
          <h3 id="details-message-heading" className="font-semibold">
            Message
          </h3>
          <dl className="mt-2 text-sm">
            <Row term="Title" testId="details-title">
              {message.title}
            </Row>
            <Row term="Text" testId="details-body">
              {message.body ? <span className="whitespace-pre-wrap">{message.body}</span> : none}
            </Row>
            <Row term="Link">{message.url || none}</Row>
            <Row term="Icon">{message.icon || none}</Row>
            <Row term="Image">{message.image || none}</Row>
            {(message.actions ?? []).map((action, index) => (
              <Row key={action.action} term={`Button ${index + 1}`}>
                {action.title}
                {action.url ? ` → ${action.url}` : ''}
              </Row>
            ))}
            {campaign.variants.map((variant, index) => (
              <Row
                key={index}
                term={`Variant ${variantLetter(index + 1)}`}
                testId={`details-variant-${variantLetter(index + 1)}`}
              >
                {variant.title}
                {variant.body ? <span className="block whitespace-pre-wrap text-slate-600">{variant.body}</span> : null}
              </Row>
            ))}
            <Row term="Control group" testId="details-control">
              {campaign.controlShare > 0 ? `${hoursFormat.format(campaign.controlShare * 100)}% held out` : 'none'}
            </Row>
            {campaign.stagedSend ? (
              <Row term="Staged send" testId="details-stage">
                <StageText campaign={campaign} />
              </Row>
            ) : null}
          </dl>
        </section>
        <div className="space-y-6">
          <section aria-labelledby="details-delivery-heading">
            <h3 id="details-delivery-heading" className="font-semibold">
              Audience and delivery
            </h3>
            <dl className="mt-2 text-sm">
              <Row term="Segment" testId="details-segment">
                {segmentText(campaign, segments)}
              </Row>
              <Row term="Send time" testId="details-schedule">
                {campaign.scheduledAt
                  ? `${dateFormat.format(new Date(campaign.scheduledAt))} UTC`
                  : 'As soon as it is sent'}
              </Row>
              <Row term="Each visitor’s copy" testId="details-time-mode">
                {timeModeText(campaign)}
              </Row>
              <Row term="Messages a minute" testId="details-rate">
                {campaign.perMinute === null ? 'no limit of its own' : numberFormat.format(campaign.perMinute)}
              </Row>
              <Row term="Important" testId="details-important">
                {campaign.important ? 'yes: the engagement guard lets it through' : 'no'}
              </Row>
              <Row term="Time to live" testId="details-ttl">
                {`${hoursFormat.format(campaign.ttlSeconds / 3600)} hours`}
              </Row>
              <Row term="Urgency" testId="details-urgency">
                {campaign.urgency}
              </Row>
              <Row term="Topic" testId="details-topic">
                {campaign.topic ?? none}
              </Row>
            </dl>
          </section>
          <section aria-labelledby="details-counts-heading">
            <h3 id="details-counts-heading" className="font-semibold">
              Deliveries
            </h3>
            <dl className="mt-2 grid grid-cols-5 gap-2 text-sm">
              {counts.map((count) => (
                <div key={count}>
                  <dt className="text-slate-600 capitalize">{count}</dt>
                  <dd className="text-lg font-semibold tabular-nums" data-testid={`details-${count}`}>
                    {numberFormat.format(campaign.counts[count])}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
          <section aria-labelledby="details-skips-heading">
            <h3 id="details-skips-heading" className="font-semibold">
              Skipped, and why
            </h3>
            <SkipReasons skips={campaign.skips} testId="details-skips" />
          </section>
        </div>
      </div>
      {campaign.status === 'draft' ? null : <CampaignResultsView campaignId={campaign.id} name={campaign.name} />}
      <div className="flex flex-wrap gap-3">
        {editable(campaign) ? (
          <button
            type="button"
            onClick={onEdit}
            disabled={busy}
            className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
          >
            Edit in the composer
          </button>
        ) : null}
        <button
          type="button"
          onClick={onDuplicate}
          disabled={busy}
          className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-50"
        >
          Duplicate as new draft
        </button>
      </div>
    </section>
  );
}
