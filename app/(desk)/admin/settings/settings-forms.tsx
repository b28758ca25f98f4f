"use client";

import { useActionState } from "react";
import { FormField } from "@/components/ui/form-field";
import { FormMessages, formKey, TextAreaField } from "@/components/ui/form-controls";
import type { FormState } from "@/lib/server/form";
import { saveSiteSettingsAction, saveTopicPolicyAction, saveVerdictScaleAction } from "@/app/_actions/settings";

type Site = { siteName: string; disclaimer: string; disclaimerLink: string; bannerText: string; defaultRefreshIntervalDays: number; timeZone: string };

export function SiteSettingsForm({ site, timeZones }: { site: Site; timeZones: string[] }) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveSiteSettingsAction, {});
  const v = { ...Object.fromEntries(Object.entries(site).map(([k, val]) => [k, String(val)])), ...(state.values ?? {}) };
  const f = state.fields ?? {};
  return (
    <form action={action} className="card" noValidate key={formKey(state)}>
      <h2 id="site-heading">Site</h2>
      <FormMessages message={state.message} done={state.done} />
      <FormField name="siteName" label="Site name" defaultValue={v.siteName} error={f.siteName} required maxLength={80} />
      <TextAreaField id="field-disclaimer" name="disclaimer" label="Disclaimer" hint="Shown under “Checked on” on every fact-check." defaultValue={v.disclaimer ?? ""} error={f.disclaimer} />
      <FormField
        name="disclaimerLink"
        label="“Learn more” link"
        hint="Where “Learn more about how we check” after the disclaimer leads: a page of this site, such as /about (How we check), or a web address starting with https://. Leave it empty for no link."
        defaultValue={v.disclaimerLink}
        error={f.disclaimerLink}
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        maxLength={2048}
      />
      <TextAreaField id="field-bannerText" name="bannerText" label="Outdated banner" hint="What readers see on a fact-check that may be outdated." defaultValue={v.bannerText ?? ""} error={f.bannerText} rows={2} />
      <FormField
        name="defaultRefreshIntervalDays"
        label="Default refresh interval (days)"
        hint="Used when neither the check nor its topic sets one."
        type="number"
        min={1}
        max={3650}
        defaultValue={v.defaultRefreshIntervalDays}
        error={f.defaultRefreshIntervalDays}
        inputMode="numeric"
      />
      <div className="field">
        <label htmlFor="field-timeZone">Time zone</label>
        <span id="field-timeZone-hint" className="hint">
          Dates such as “Checked on” and refresh days are shown in this time zone.
        </span>
        <select id="field-timeZone" name="timeZone" defaultValue={v.timeZone} aria-describedby={f.timeZone ? "field-timeZone-hint field-timeZone-error" : "field-timeZone-hint"} aria-invalid={f.timeZone ? true : undefined}>
          {timeZones.map((tz) => (
            <option key={tz} value={tz}>
              {tz}
            </option>
          ))}
        </select>
        {f.timeZone ? (
          <p id="field-timeZone-error" className="field-error">
            {f.timeZone}
          </p>
        ) : null}
      </div>
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}

export function TopicPolicyRow({ topic, days }: { topic: string; days: number }) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveTopicPolicyAction, {});
  const id = `policy-${topic.replace(/[^a-z0-9]+/gi, "-")}`;
  return (
    <tr>
      <th scope="row">{topic}</th>
      <td>
        <form action={action} className="inline-form" key={formKey(state)}>
          <input type="hidden" name="topic" value={topic} />
          <label htmlFor={id} className="visually-hidden">
            Refresh interval for {topic} (days)
          </label>
          <input id={id} name="refreshIntervalDays" type="number" min={1} max={3650} defaultValue={state.done ? days : (state.values?.refreshIntervalDays ?? days)} className="input input-days" aria-invalid={state.fields?.refreshIntervalDays ? true : undefined} />
          <span className="muted">days</span>
          <button type="submit" name="intent" value="save" className="btn btn-small" disabled={pending}>
            Save<span className="visually-hidden"> {topic}</span>
          </button>
          <button type="submit" name="intent" value="delete" className="btn btn-small btn-danger" disabled={pending}>
            Remove<span className="visually-hidden"> {topic}</span>
          </button>
        </form>
        {state.fields?.refreshIntervalDays ? <p className="field-error">{state.fields.refreshIntervalDays}</p> : null}
        <FormMessages message={state.fields ? undefined : state.message} done={state.done} />
      </td>
    </tr>
  );
}

export function NewTopicPolicyForm({ topics }: { topics: string[] }) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveTopicPolicyAction, {});
  const v = state.values ?? {};
  return (
    <form action={action} className="card" noValidate key={state.done ?? "new"}>
      <h3>Add a topic policy</h3>
      <FormMessages message={state.message} done={state.done} />
      <FormField name="topic" label="Topic" list="known-topics" defaultValue={state.done ? "" : v.topic} error={state.fields?.topic} autoComplete="off" />
      <datalist id="known-topics">
        {topics.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <FormField
        name="refreshIntervalDays"
        label="Refresh interval (days)"
        type="number"
        min={1}
        max={3650}
        defaultValue={state.done ? "" : v.refreshIntervalDays}
        error={state.fields?.refreshIntervalDays}
      />
      <button type="submit" name="intent" value="save" className="btn btn-primary" disabled={pending}>
        Add policy
      </button>
    </form>
  );
}

/** The newsroom's verdicts, one per line with its rating, and the scale's ends (ClaimReview's rating). */
export function VerdictScaleForm({ worstRating, bestRating, lines }: { worstRating: number; bestRating: number; lines: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveVerdictScaleAction, {});
  const v = { worstRating: String(worstRating), bestRating: String(bestRating), verdicts: lines, ...(state.values ?? {}) };
  const f = state.fields ?? {};
  return (
    <form action={action} className="card" noValidate aria-labelledby="verdicts-heading">
      <h2 id="verdicts-heading">Verdicts</h2>
      <p className="muted">Editors choose a check&apos;s verdict from this list; search engines get its rating on the scale (ClaimReview).</p>
      <FormMessages message={state.message} done={state.done} />
      <FormField name="worstRating" label="Worst rating" type="number" defaultValue={v.worstRating} error={f.worstRating} inputMode="numeric" />
      <FormField name="bestRating" label="Best rating" type="number" defaultValue={v.bestRating} error={f.bestRating} inputMode="numeric" />
      <TextAreaField
        id="field-verdicts"
        name="verdicts"
        label="Verdicts"
        hint="One per line: its rating, then its words, e.g. “1 False”."
        defaultValue={v.verdicts}
        error={f.verdicts}
        rows={7}
      />
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? "Saving…" : "Save verdicts"}
      </button>
    </form>
  );
}
