/**
 * What every citation in the editor shows, outside React: the check's
 * numbering and the sources' titles and statuses (citation-context.tsx keeps
 * them current). Each citation's node view (nodes/citation.ts) subscribes and
 * redraws itself only when its own text changes, so a check of 200 citations
 * opens without 200 React renders, and renumbering touches only the `[n]`
 * that moved.
 */
import type { CitationNumbering, ReferenceSource } from "@/lib/citations";
import { formatLongDate } from "@/lib/date-format";

export type CitationSnapshot = {
  numbering: CitationNumbering;
  sources: ReadonlyMap<string, ReferenceSource>;
  /** Ids the server does not know (deleted, or never existed). */
  missing: ReadonlySet<string>;
};

const STATUS_TEXT = { live: "", updated: "updated since cited", dead: "dead link", retracted: "retracted", unreachable: "unreachable" } as const;

/** What one citation shows: its number, its accessible name, and the tooltip's lines. */
export type CitationLook = { n: number | undefined; label: string; title: string; publisher: string | null; archived: string | null; warning: string };

export class CitationStore {
  private listeners = new Set<() => void>();
  snapshot: CitationSnapshot = { numbering: { order: [], numbers: new Map() }, sources: new Map(), missing: new Set() };

  set(snapshot: CitationSnapshot): void {
    if (snapshot.numbering === this.snapshot.numbering && snapshot.sources === this.snapshot.sources && snapshot.missing === this.snapshot.missing) return;
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How the citation of `sourceId` looks now. */
  look(sourceId: string): CitationLook {
    return citationLook(this.snapshot, sourceId);
  }
}

/** How the citation of `sourceId` looks with the numbering and sources of `snapshot`. */
export function citationLook({ numbering, sources, missing }: CitationSnapshot, sourceId: string): CitationLook {
  const n = numbering.numbers.get(sourceId);
  const source = sources.get(sourceId);
  const isMissing = missing.has(sourceId);
  const warning = source && source.status !== "live" ? STATUS_TEXT[source.status] : isMissing ? "not in the library" : "";
  const name = source ? `${source.title}${source.publisher ? ` — ${source.publisher}` : ""}` : isMissing ? "This source is not in the library" : "Loading source…";
  const archived = source?.archivedCopyAt ? `Archived copy of ${formatLongDate(source.archivedCopyAt)}` : null;
  return { n, label: `Citation ${n ?? ""}: ${name}${warning ? ` (${warning})` : ""}`, title: source?.title ?? name, publisher: source?.publisher ?? null, archived, warning };
}
