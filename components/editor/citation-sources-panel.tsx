"use client";

import { useCitations } from "./citation-context";
import { SourcesPanelView } from "./sources-panel-view";

/** The check's sources in number order, flagging any that is not live. */
export function CitationSourcesPanel({ headingId = "check-sources-heading" }: { headingId?: string }) {
  const citations = useCitations();
  if (!citations) return null;
  return <SourcesPanelView headingId={headingId} order={citations.numbering.order} sources={citations.sources} missing={citations.missing} />;
}
