/** A library source's statuses and their labels, apart from the schemas (lib/source-input.ts) so that the editor loads no validation library for them. */
export const SOURCE_STATUSES = ["live", "updated", "dead", "retracted", "unreachable"] as const;
export type SourceStatus = (typeof SOURCE_STATUSES)[number];

/** The statuses a person sets; `unreachable` is the link checker's (lib/server/link-checks.ts). */
export const SETTABLE_SOURCE_STATUSES = ["live", "updated", "dead", "retracted"] as const;

export const SOURCE_STATUS_LABELS: Record<SourceStatus, string> = {
  live: "Live",
  updated: "Updated",
  dead: "Dead link",
  retracted: "Retracted",
  unreachable: "Unreachable",
};
