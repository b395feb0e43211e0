'use client';
// The notification's content: title, text, link, images and up to two buttons.
import type { CampaignDraft } from './campaign-draft';
import { Field, inputClass } from './Field';

type Change = (patch: Partial<CampaignDraft>) => void;

export function MessageFields({ draft, change }: { draft: CampaignDraft; change: Change }) {
  const setAction = (index: 0 | 1, patch: Partial<CampaignDraft['actions'][0]>) => {
    const actions: CampaignDraft['actions'] = [...draft.actions];
    actions[index] = { ...actions[index], ...patch };
    change({ actions });
  };
  return (
    <fieldset className="space-y-4">
      <legend className="font-semibold">Message</legend>
      <Field label="Title" hint="{{first_name|there}} puts in the visitor's first_name trait, or “there” without one.">
        {(props) => (
          <input
            {...props}
            value={draft.title}
            onChange={(e) => change({ title: e.target.value })}
            className={inputClass}
            maxLength={200}
          />
        )}
      </Field>
      <Field label="Text">
        {(props) => (
          <textarea
            {...props}
            value={draft.body}
            onChange={(e) => change({ body: e.target.value })}
            className={inputClass}
            rows={3}
            maxLength={1000}
          />
        )}
      </Field>
      <Field label="Link" hint="Opened by a click on the notification (relative to your site, or a full URL).">
        {(props) => (
          <input
            {...props}
            value={draft.url}
            onChange={(e) => change({ url: e.target.value })}
            className={inputClass}
          />
        )}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Icon URL">
          {(props) => (
            <input
              {...props}
              value={draft.icon}
              onChange={(e) => change({ icon: e.target.value })}
              className={inputClass}
            />
          )}
        </Field>
        <Field label="Image URL" hint="A large picture (Chrome on Windows and Android show it).">
          {(props) => (
            <input
              {...props}
              value={draft.image}
              onChange={(e) => change({ image: e.target.value })}
              className={inputClass}
            />
          )}
        </Field>
      </div>
      {([0, 1] as const).map((index) => (
        <div key={index} className="grid gap-4 sm:grid-cols-2">
          <Field
            label={`Button ${index + 1} label`}
            hint={index === 0 ? 'Optional; Chrome shows at most two buttons, Firefox and Safari none.' : undefined}
          >
            {(props) => (
              <input
                {...props}
                value={draft.actions[index].title}
                onChange={(e) => setAction(index, { title: e.target.value })}
                className={inputClass}
                maxLength={64}
              />
            )}
          </Field>
          <Field label={`Button ${index + 1} link`}>
            {(props) => (
              <input
                {...props}
                value={draft.actions[index].url}
                onChange={(e) => setAction(index, { url: e.target.value })}
                className={inputClass}
              />
            )}
          </Field>
        </div>
      ))}
    </fieldset>
  );
}
