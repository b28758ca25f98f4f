"use client";

import type { Editor } from "@tiptap/react";
import { useCallback, useSyncExternalStore } from "react";
import { claimMap, fieldFragment } from "@/lib/collab/document";
import { findVerdict, type VerdictScale } from "@/lib/verdicts";
import { FieldError } from "./field-error";
import { fieldKey } from "./field-keys";
import type { LiveCheck } from "./live-check";
import { LabelledPlainTextField } from "./plain-text-field";
import { EditorBlock, verdictHint } from "./editor-block";
import styles from "./editor.module.css";

/** The limits the server checks (lib/fact-check-input.ts). */
const CLAIM_LIMIT = 500;
const APPEARANCE_LIMIT = 2048;

/** The verdict of the live document, re-read when anyone changes it. */
function useLiveVerdict(live: LiveCheck): string {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const map = claimMap(live.doc);
      map.observe(onChange);
      return () => map.unobserve(onChange);
    },
    [live],
  );
  const read = useCallback(() => String(claimMap(live.doc).get("verdict") ?? ""), [live]);
  return useSyncExternalStore(subscribe, read, read);
}

/**
 * "The claim": what the check reviews, its verdict (from the newsroom's list,
 * with the rating ClaimReview gives it) and where the claim appeared. Part of
 * the live document like every other field: shared as it is typed, in the
 * same undo history, stored with the rest.
 */
export function ClaimFields({
  live,
  scale,
  readOnly,
  errors,
  onEditor,
}: {
  live: LiveCheck;
  scale: VerdictScale;
  readOnly: boolean;
  errors: Record<string, string>;
  onEditor: (fieldKey: string, editor: Editor | null) => void;
}) {
  const verdict = useLiveVerdict(live);
  const known = findVerdict(scale, verdict);
  const claim = fieldFragment(live.doc, fieldKey.claimReviewed)!;
  const appearance = fieldFragment(live.doc, fieldKey.claimAppearance)!;
  const setVerdict = (value: string) => live.change(() => claimMap(live.doc).set("verdict", value));

  return (
    <EditorBlock block="claim">
      <LabelledPlainTextField
        label="Claim reviewed"
        fieldKey={fieldKey.claimReviewed}
        id="fact-check-claim-reviewed"
        error={errors[fieldKey.claimReviewed]}
        fragment={claim}
        live={live}
        placeholder="The claim as it was made"
        readOnly={readOnly}
        className={styles.topicInput}
        limit={CLAIM_LIMIT}
        onEditor={onEditor}
      />
      <div className={`${styles.field} ${styles.verdictField}`}>
        <label htmlFor="fact-check-verdict" className={styles.label}>
          Verdict
        </label>
        <select
          id="fact-check-verdict"
          value={verdict}
          disabled={readOnly}
          aria-describedby="fact-check-verdict-hint"
          aria-invalid={errors[fieldKey.verdict] || (verdict && !known) ? true : undefined}
          onChange={(event) => setVerdict(event.target.value)}
        >
          <option value="">No verdict yet</option>
          {verdict && !known ? <option value={verdict}>{verdict} (not on the newsroom&apos;s list)</option> : null}
          {scale.verdicts.map((v) => (
            <option key={v.label} value={v.label}>
              {v.label}
            </option>
          ))}
        </select>
        <span id="fact-check-verdict-hint" className={styles.hint}>
          {verdictHint(known, scale)}
        </span>
        <FieldError fieldKey={fieldKey.verdict} message={errors[fieldKey.verdict]} />
      </div>
      <LabelledPlainTextField
        label="Where the claim appeared"
        fieldKey={fieldKey.claimAppearance}
        id="fact-check-claim-appearance"
        error={errors[fieldKey.claimAppearance]}
        fragment={appearance}
        live={live}
        placeholder="https://… (the post, article or video)"
        readOnly={readOnly}
        className={styles.topicInput}
        limit={APPEARANCE_LIMIT}
        onEditor={onEditor}
      />
    </EditorBlock>
  );
}
