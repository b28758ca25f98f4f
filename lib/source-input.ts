/**
 * Schemas for library sources, shared by the API, the forms and the browser:
 * what may be sent (text fields are plain text, rendered escaped; an empty
 * string clears a field) and what the API answers.
 */
import { z } from "zod";
import { parseSourceUrl } from "./url";
export { fieldErrors } from "./validation";

import { SETTABLE_SOURCE_STATUSES, SOURCE_STATUSES } from "./source-status";
export { SETTABLE_SOURCE_STATUSES, SOURCE_STATUSES, SOURCE_STATUS_LABELS, type SourceStatus } from "./source-status";

export const SOURCE_LIMITS = { title: 500, publisher: 200, author: 200, notes: 5000, statusNote: 1000 } as const;

// Control characters other than newlines and tabs have no place in plain text.
const stripControls = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");

const line = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text` })
    .transform((s) => stripControls(s).replace(/\s+/g, " ").trim())
    .pipe(z.string().max(max, `${label} must be at most ${max} characters`));

const optionalLine = (max: number, label: string) =>
  line(max, label)
    .transform((s) => (s.length ? s : null))
    .nullable();

const optionalText = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text` })
    .transform((s) => stripControls(s).replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().max(max, `${label} must be at most ${max} characters`))
    .transform((s) => (s.length ? s : null))
    .nullable();

/** A calendar date as YYYY-MM-DD that exists (no February 30). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && date.getUTCFullYear() >= 1000;
}

const optionalDate = (label: string) =>
  z
    .string({ error: `${label} must be a date` })
    .trim()
    .refine((s) => s === "" || isIsoDate(s), `${label} must be a real date (YYYY-MM-DD)`)
    .transform((s) => (s.length ? s : null))
    .nullable();

export const sourceUrlSchema = z
  .string({ error: "Enter the source's URL" })
  .transform((value, ctx) => {
    const result = parseSourceUrl(value);
    if (!result.ok) {
      ctx.addIssue({ code: "custom", message: result.message });
      return z.NEVER;
    }
    return { url: result.url, normalized: result.normalized };
  });

const archivedUrlSchema = z
  .string({ error: "The archived copy must be a URL" })
  .transform((value, ctx) => {
    if (!value.trim()) return null;
    const result = parseSourceUrl(value);
    if (!result.ok) {
      ctx.addIssue({ code: "custom", message: result.message.replace("Source URLs", "Archived copies") });
      return z.NEVER;
    }
    return result.url;
  })
  .nullable();

const editableFields = {
  url: sourceUrlSchema,
  title: line(SOURCE_LIMITS.title, "The title").pipe(z.string().min(1, "Enter the source's title")),
  publisher: optionalLine(SOURCE_LIMITS.publisher, "The publisher"),
  author: optionalLine(SOURCE_LIMITS.author, "The author"),
  publishedOn: optionalDate("The published date"),
  lastVerifiedOn: optionalDate("The last verified date"),
  archivedUrl: archivedUrlSchema,
  notes: optionalText(SOURCE_LIMITS.notes, "Notes"),
};

export const createSourceSchema = z
  .object(editableFields)
  .partial()
  .extend({ url: editableFields.url, title: editableFields.title })
  .strict();

export const updateSourceSchema = z
  .object({
    ...editableFields,
    status: z.enum(SETTABLE_SOURCE_STATUSES, {
      error: `The status is one of ${SETTABLE_SOURCE_STATUSES.join(", ")} (unreachable is set by the link checker)`,
    }),
    statusNote: optionalText(SOURCE_LIMITS.statusNote, "The status note"),
  })
  .partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0, "Send at least one field to change");

export const SOURCE_SORTS = ["relevance", "title", "verified", "added"] as const;
export type SourceSort = (typeof SOURCE_SORTS)[number];

export const SOURCE_SORT_LABELS: Record<SourceSort, string> = {
  relevance: "Relevance",
  title: "Title (A–Z)",
  verified: "Recently verified",
  added: "Recently added",
};

export const searchSourcesSchema = z
  .object({
    q: z.string().max(200, "Search for at most 200 characters").optional().default(""),
    status: z.enum(SOURCE_STATUSES, { error: `status is one of ${SOURCE_STATUSES.join(", ")}` }).optional(),
    sort: z.enum(SOURCE_SORTS, { error: `sort is one of ${SOURCE_SORTS.join(", ")}` }).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional().default(50),
    offset: z.coerce.number().int().min(0).max(10_000).optional().default(0),
  })
  .strict();

export type CreateSourceInput = z.infer<typeof createSourceSchema>;
export type UpdateSourceInput = z.infer<typeof updateSourceSchema>;
export type SearchSourcesInput = z.input<typeof searchSourcesSchema>;

const personRefSchema = z.object({ id: z.string(), name: z.string() });

/** A source as the API answers it (lib/server/sources.ts builds it; the browser reads it with this schema). */
export const sourceDtoSchema = z.object({
  id: z.string(),
  url: z.string(),
  normalizedUrl: z.string(),
  title: z.string(),
  publisher: z.string().nullable(),
  author: z.string().nullable(),
  publishedOn: z.string().nullable(),
  lastVerifiedOn: z.string().nullable(),
  archivedUrl: z.string().nullable(),
  notes: z.string().nullable(),
  status: z.enum(SOURCE_STATUSES),
  statusChangedAt: z.string().nullable(),
  statusNote: z.string().nullable(),
  /** Who set the status: a person, or the link checker; null when it has not changed since the source was added. */
  statusSetBy: z.union([z.object({ kind: z.literal("person"), id: z.string(), name: z.string() }), z.object({ kind: z.literal("link_checker") })]).nullable(),
  /** When the link checker last looked at the address. */
  lastCheckedAt: z.string().nullable(),
  /** When the link checker last found the page's main text changed. */
  textChangedAt: z.string().nullable(),
  /** Where the address permanently redirects: offered as the new URL. */
  redirectUrl: z.string().nullable(),
  addedBy: personRefSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The latest archived copy Factdesk keeps of the page (staff only). */
  archivedCopyId: z.string().nullable(),
  archivedCopyAt: z.string().nullable(),
});
export type SourceDto = z.infer<typeof sourceDtoSchema>;

/** What a check shows of a cited source (its reference list, the editor's picker): part of every source the API answers. */
export const referenceSourceSchema = sourceDtoSchema.pick({
  id: true,
  url: true,
  title: true,
  publisher: true,
  author: true,
  publishedOn: true,
  lastVerifiedOn: true,
  archivedUrl: true,
  status: true,
  archivedCopyId: true,
  archivedCopyAt: true,
});

/** `GET /api/v1/sources` (a search, or `?ids=`), as the editor reads it. */
export const referenceSourceListSchema = z.object({ data: z.array(referenceSourceSchema) });
