"use client";

import { NodeViewWrapper, type ReactNodeViewProps } from "@tiptap/react";
import { formatLongDate } from "@/lib/date-format";
import { useCitations } from "./citation-context";
import styles from "./citation.module.css";

const STATUS_TEXT = { live: "", updated: "updated since cited", dead: "dead link", retracted: "retracted", unreachable: "unreachable" } as const;

/**
 * A citation in the editor: `[n]`, numbered across the whole check. Hovering
 * it, or selecting it with the keyboard, shows the source's title and publisher.
 */
export function CitationView({ node, selected }: ReactNodeViewProps) {
  const citations = useCitations();
  const sourceId = typeof node.attrs.sourceId === "string" ? node.attrs.sourceId : "";
  const n = citations?.numbering.numbers.get(sourceId);
  const source = citations?.sources.get(sourceId);
  const missing = citations?.missing.has(sourceId) ?? false;
  const warning = source && source.status !== "live" ? STATUS_TEXT[source.status] : missing ? "not in the library" : "";
  const name = source
    ? `${source.title}${source.publisher ? ` — ${source.publisher}` : ""}`
    : missing
      ? "This source is not in the library"
      : "Loading source…";
  return (
    <NodeViewWrapper
      as="span"
      className={styles.citation}
      data-citation=""
      data-source-id={sourceId}
      data-selected={selected || undefined}
      data-warning={warning ? "" : undefined}
      aria-label={`Citation ${n ?? ""}: ${name}${warning ? ` (${warning})` : ""}`}
    >
      <span className={styles.number} data-citation-number="" aria-hidden="true">
        [{n ?? "?"}]
      </span>
      <span className={styles.tip} role="tooltip" aria-hidden="true" contentEditable={false}>
        <span className={styles.tipTitle}>{source?.title ?? name}</span>
        {source?.publisher ? <span className={styles.tipMeta}>{source.publisher}</span> : null}
        {source?.archivedCopyAt ? <span className={styles.tipMeta}>Archived copy of {formatLongDate(source.archivedCopyAt)}</span> : null}
        {warning ? <span className={styles.tipWarning}>{warning}</span> : null}
      </span>
    </NodeViewWrapper>
  );
}
