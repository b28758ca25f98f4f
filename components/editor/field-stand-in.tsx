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
import { plainTextOf, richDocOf } from "@/lib/collab/document";
import { useCitations } from "./citation-context";
import { citationLook } from "./citation-store";
import { FieldTextBox, PlainFieldText, RichFieldText, type FieldTerms } from "./field-text";
import { citationIdsOfFragment } from "./opening-citations";

/** A field's stand-in: its key, id and ARIA terms as its editor's will be (field-text.tsx), and its fragment. */
export type StandInProps = FieldTerms & {
  fragment: Y.XmlFragment;
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

/** A plain-text field (the question, a heading…) until its editor is made. */
export function PlainStandIn(props: StandInProps) {
  const version = useFragmentVersion(props.fragment);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- read again at each change of the fragment
  const text = useMemo(() => plainTextOf(props.fragment), [props.fragment, version]);
  return (
    <FieldTextBox field={props} readOnly={props.readOnly} multiline={false} className={props.className} boxRef={props.standIn}>
      <PlainFieldText text={text} placeholder={props.placeholder} />
    </FieldTextBox>
  );
}

/**
 * A rich-text field (the summary, a section's body) until its editor is
 * made. Its citations are numbered with the check's, and named as the
 * editor names them; as it changes, it reports them (citation-context.tsx),
 * as its editor would.
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
    <FieldTextBox field={props} readOnly={props.readOnly} multiline className={props.className} boxRef={props.standIn}>
      <RichFieldText doc={doc} placeholder={props.placeholder} look={(sourceId) => (citations ? citationLook(citations, sourceId) : { n: undefined })} />
    </FieldTextBox>
  );
}
