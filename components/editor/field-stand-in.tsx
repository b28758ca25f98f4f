/**
 * A field whose editor is not made yet (mount-queue.tsx: only the fields in
 * view or near it have one): its text as the editor draws it (marks, lists,
 * links, numbered citations, the placeholder when empty), kept current as
 * anyone edits it. It is the field until then, for the page and for
 * assistive technology: named, described and marked invalid as the editor
 * will be, in the tab order, found by the browser's find. Focused (a click,
 * Tab, a link to the field), it asks for its editor at once, and the click and
 * the keys pressed meanwhile carry over to it (first-input.ts).
 */
"use client";

import { useCallback, useEffect, useMemo, useSyncExternalStore, type RefObject } from "react";
import type * as Y from "yjs";
import { RichText } from "@/components/fact-check/rich-text";
import { plainTextOf, richDocOf } from "@/lib/collab/document";
import { isDocEmpty } from "@/lib/rich-doc";
import { useCitations } from "./citation-context";
import { citationLook } from "./citation-store";
import { FIRST_VIEW_FIELD } from "./first-input";
import { citationIdsOfFragment } from "./opening-citations";
import citationStyles from "./citation.module.css";
import styles from "./editor.module.css";

/** A field's stand-in: its key and fragment, and the ARIA terms its editor will have. */
export type StandInProps = {
  fieldKey: string;
  fragment: Y.XmlFragment;
  /** The editable area's id and ARIA terms, as its editor's will be. */
  id: string;
  labelledBy: string;
  describedBy?: string;
  invalid?: boolean;
  readOnly: boolean;
  placeholder?: string;
  className: string;
  /** Watched by the mount queue: near the view, the field gets its editor. */
  standIn: RefObject<HTMLDivElement | null>;
};

/** Changes of a field's fragment, as a number that grows at each (anyone's edit in it). */
const versions = new WeakMap<Y.XmlFragment, number>();

function useFragmentVersion(fragment: Y.XmlFragment): number {
  const subscribe = useCallback(
    (notify: () => void) => {
      const observer = () => {
        versions.set(fragment, (versions.get(fragment) ?? 0) + 1);
        notify();
      };
      fragment.observeDeep(observer);
      return () => fragment.unobserveDeep(observer);
    },
    [fragment],
  );
  return useSyncExternalStore(
    subscribe,
    () => versions.get(fragment) ?? 0,
    () => 0,
  );
}

function standInAttributes({ fieldKey, id, labelledBy, describedBy, invalid, readOnly, className, standIn }: StandInProps, multiline: boolean) {
  return {
    ref: standIn,
    id,
    role: "textbox",
    tabIndex: 0,
    "aria-labelledby": labelledBy,
    "aria-describedby": describedBy,
    "aria-invalid": invalid || undefined,
    "aria-readonly": readOnly || undefined,
    "aria-multiline": multiline || undefined,
    [FIRST_VIEW_FIELD]: fieldKey,
    className: `${className} ${styles.firstViewField}`,
  };
}

function Empty({ placeholder }: { placeholder?: string }) {
  return (
    <p className="is-editor-empty" data-placeholder={placeholder}>
      <br />
    </p>
  );
}

/** A plain-text field (the question, a heading…) until its editor is made. */
export function PlainStandIn(props: StandInProps) {
  const version = useFragmentVersion(props.fragment);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- read again at each change of the fragment
  const text = useMemo(() => plainTextOf(props.fragment), [props.fragment, version]);
  return <div {...standInAttributes(props, false)}>{text ? <p>{text}</p> : <Empty placeholder={props.placeholder} />}</div>;
}

/**
 * A rich-text field (the summary, a section's body) until its editor is
 * made. Its citations are numbered with the check's; as it changes, it
 * reports them (citation-context.tsx), as its editor would.
 */
export function RichStandIn(props: StandInProps) {
  const { fragment, fieldKey } = props;
  const version = useFragmentVersion(fragment);
  const citations = useCitations();
  const report = citations?.reportCitations;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- read again at each change of the fragment
  const doc = useMemo(() => richDocOf(fragment), [fragment, version]);
  useEffect(() => {
    report?.(fieldKey, citationIdsOfFragment(fragment));
  }, [report, fieldKey, fragment, version]);
  return (
    <div {...standInAttributes(props, true)}>
      {isDocEmpty(doc) ? (
        <Empty placeholder={props.placeholder} />
      ) : (
        <RichText
          doc={doc}
          inertLinks
          renderCitation={(sourceId, key) => {
            // As the editor draws it (nodes/citation.ts), without the tooltip, which shows once the editor is made.
            const look = citations ? citationLook(citations, sourceId) : null;
            return (
              <span key={key} className={citationStyles.citation} data-citation="" aria-label={look?.label} data-warning={look?.warning ? "" : undefined}>
                <span className={citationStyles.number} data-citation-number="" aria-hidden="true">
                  [{look?.n ?? "?"}]
                </span>
              </span>
            );
          }}
        />
      )}
    </div>
  );
}
