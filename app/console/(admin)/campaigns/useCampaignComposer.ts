'use client';
// The composer's actions: save the draft, test it on this browser (nothing is
// saved), send it to a segment, open a saved campaign or a copy of one. Each
// reports what happened in words the marketer can act on.
import { useState } from 'react';
import { errorMessage, numberFormat, secondsFormat } from '../data/format';
import { AdminApiError } from '../_api/admin-api';
import type { CampaignListItem } from '@/lib/contracts/campaign';
import {
  type CampaignDraft,
  checkDraft,
  checkTestMessage,
  draftOf,
  duplicateOf,
  emptyDraft,
  noNameProblem,
} from './campaign-draft';
import { saveCampaign, sendToSegment, testSendToThisBrowser } from './campaign-send';
import type { SegmentChoice } from './useSegmentsQuery';

export type ComposerStatus =
  | { kind: 'idle' }
  | { kind: 'working'; text: string }
  | { kind: 'done'; text: string }
  | { kind: 'error'; text: string };

/** The API's codes for the failures a marketer can fix, in their words. */
function explain(error: unknown): string {
  if (error instanceof AdminApiError && error.code === 'payload_too_large') return `Too big to send: ${error.message}`;
  if (error instanceof AdminApiError && error.code === 'no_subscription') {
    return 'This browser has no push subscription: allow notifications for this site, then try again.';
  }
  return errorMessage(error);
}

export function useCampaignComposer(segments: SegmentChoice[], onChanged: () => void) {
  const [draft, setDraft] = useState<CampaignDraft>(emptyDraft);
  const [savedId, setSavedId] = useState<number | null>(null);
  const [status, setStatus] = useState<ComposerStatus>({ kind: 'idle' });
  /** Goes up each time a saved campaign is put in the form, so the form can take the focus. */
  const [opened, setOpened] = useState(0);

  async function save(): Promise<number | null> {
    const checked = checkDraft(draft);
    if (!checked.ok) {
      setStatus({ kind: 'error', text: checked.problem });
      // The field to fill gets the focus, so a keyboard user is where the fix is.
      if (checked.problem === noNameProblem)
        document.querySelector<HTMLInputElement>('input[name="campaign-name"]')?.focus();
      return null;
    }
    const campaign = await saveCampaign(savedId, checked.campaign);
    setSavedId(campaign.id);
    onChanged();
    return campaign.id;
  }

  async function run(work: () => Promise<string | null>) {
    try {
      const text = await work();
      if (text) setStatus({ kind: 'done', text });
    } catch (error) {
      setStatus({ kind: 'error', text: explain(error) });
    }
  }

  const saveDraft = () =>
    run(async () => {
      setStatus({ kind: 'working', text: 'Saving the draft…' });
      const id = await save();
      if (id === null) return null;
      return `Saved as draft #${id}: it is in the campaign list above.`;
    });

  const sendTest = () =>
    run(async () => {
      // The message as it is on screen, unsaved: a test must not create a campaign behind the marketer's back.
      const checked = checkTestMessage(draft);
      if (!checked.ok) throw new Error(checked.problem);
      setStatus({ kind: 'working', text: 'Sending a test to this browser…' });
      const { results } = await testSendToThisBrowser(checked.test);
      const sent = results.filter((result) => result.outcome === 'sent').length;
      if (sent === 0) {
        const reasons = results.map(
          (result) => result.error ?? `${result.outcome} (${result.statusCode ?? 'no answer'})`,
        );
        throw new Error(`The test was not delivered: ${reasons.join('; ')}`);
      }
      return savedId === null
        ? 'Test sent to this browser. Nothing was saved: “Save draft” keeps the campaign.'
        : 'Test sent to this browser (the form as it is now; save to keep changes).';
    });

  const send = () =>
    run(async () => {
      const segment = segments.find((candidate) => String(candidate.id) === draft.segmentId);
      if (!segment) throw new Error('Choose the segment to send to.');
      setStatus({ kind: 'working', text: 'Saving the campaign…' });
      const id = await save();
      if (id === null) return null;
      setStatus({ kind: 'working', text: `Sending to “${segment.name}”: the server is computing its members…` });
      const sent = await sendToSegment(id);
      onChanged();
      if (!sent.segment || sent.segment.scheduled) {
        return `Scheduled: the members of “${segment.name}” are computed on the server when the campaign goes out, so visitors who join meanwhile get it.`;
      }
      const { members, evaluatedOn } = sent.segment;
      const over = `computed on the server over ${numberFormat.format(evaluatedOn.events)} events in ${secondsFormat.format(evaluatedOn.ms / 1000)} s`;
      if (members === 0) throw new Error(`“${segment.name}” has no members (${over}): nothing was sent.`);
      if (sent.subscribedVisitors === 0) {
        throw new Error(
          `None of the ${numberFormat.format(members)} members of “${segment.name}” has a push subscription (${over}): nothing was sent.`,
        );
      }
      const held =
        (sent.control ? ` ${numberFormat.format(sent.control)} held out as the control, sent nothing.` : '') +
        (sent.globalHoldout ? ` ${numberFormat.format(sent.globalHoldout)} left out: in the global holdout.` : '');
      return `Queued ${numberFormat.format(sent.queued)} notifications for ${numberFormat.format(sent.subscribedVisitors)} subscribed of ${numberFormat.format(members)} members (${over}); delivery now.${held}`;
    });

  const startNew = () => {
    setDraft(emptyDraft);
    setSavedId(null);
    setStatus({ kind: 'idle' });
  };

  /** A draft or scheduled campaign into the form, to change it (a sent one is duplicated instead). */
  const edit = (campaign: CampaignListItem) => {
    setDraft(draftOf(campaign));
    setSavedId(campaign.id);
    setStatus({ kind: 'idle' });
    setOpened((n) => n + 1);
  };

  const duplicate = (campaign: CampaignListItem) =>
    run(async () => {
      setStatus({ kind: 'working', text: `Duplicating “${campaign.name}”…` });
      const copy = await saveCampaign(null, duplicateOf(campaign));
      setDraft(draftOf(copy));
      setSavedId(copy.id);
      setOpened((n) => n + 1);
      onChanged();
      return `“${copy.name}” is a new draft (#${copy.id}): change it, test it, then send it.`;
    });

  return { draft, setDraft, savedId, status, opened, saveDraft, sendTest, send, startNew, edit, duplicate };
}
