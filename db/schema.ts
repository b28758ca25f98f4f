import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { RichDoc, Section, RelatedQuestion } from "@/lib/document";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

export const roleEnum = pgEnum("role", ["writer", "reviewer", "editor", "admin"]);
export const factCheckStatusEnum = pgEnum("fact_check_status", [
  "draft",
  "in_review",
  "approved",
  "published",
]);

const id = () =>
  text("id")
    .primaryKey()
    .default(sql`gen_random_uuid()::text`);
const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: roleEnum("role").notNull().default("writer"),
    disabledAt: timestamp("disabled_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(sql`lower(${t.email})`)],
);

/**
 * One row per sign-in, checked on every request of its session: ending the row
 * (sign-out, a disabled user) ends the session whatever its cookie says, and
 * `expires_at` caps it however often the cookie is re-issued. Rows past
 * `expires_at` are deleted now and then (lib/server/sessions.ts).
 */
export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("sessions_user").on(t.userId), index("sessions_expires_at").on(t.expiresAt)],
);

/** One row per failed sign-in; counted per account and per address over a sliding window. */
/**
 * Requests counted against the API's limits, one row per caller and kind
 * (lib/server/rate-limits.ts): the columns rate-limiter-flexible's drizzle store uses.
 */
export const apiRateLimits = pgTable("api_rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: timestamp("expire", { withTimezone: true, mode: "date" }),
});

export const loginFailures = pgTable(
  "login_failures",
  {
    id: id(),
    email: text("email").notNull(),
    address: text("address").notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("login_failures_email_at").on(t.email, t.at), index("login_failures_address_at").on(t.address, t.at)],
);

export const factChecks = pgTable(
  "fact_checks",
  {
    id: id(),
    slug: text("slug").notNull(),
    question: text("question").notNull(),
    topic: text("topic"),
    summary: jsonb("summary").$type<RichDoc>().notNull(),
    sections: jsonb("sections").$type<Section[]>().notNull(),
    relatedQuestions: jsonb("related_questions").$type<RelatedQuestion[]>().notNull(),
    refreshIntervalDays: integer("refresh_interval_days"),
    claimReviewed: text("claim_reviewed"),
    verdict: text("verdict"),
    claimAppearance: text("claim_appearance"),
    status: factCheckStatusEnum("status").notNull().default("draft"),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id),
    assigneeId: text("assignee_id").references(() => users.id),
    /** The published version readers see; null until first published. */
    liveVersionId: text("live_version_id"),
    /** Who is to re-check it at nextRefreshAt (set by an editor). */
    refreshAssigneeId: text("refresh_assignee_id").references(() => users.id),
    version: integer("version").notNull().default(1),
    checkedOn: timestamp("checked_on", { withTimezone: true, mode: "date" }),
    nextRefreshAt: timestamp("next_refresh_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    updatedById: text("updated_by_id").references(() => users.id),
    /** The check whose "Want to dive deeper?" question this one was assigned to answer. */
    originCheckId: text("origin_check_id").references((): AnyPgColumn => factChecks.id, { onDelete: "set null" }),
    /** That question's id (a related question's id is stable across edits). */
    originQuestionId: text("origin_question_id"),
  },
  (t) => [
    uniqueIndex("fact_checks_slug_unique").on(t.slug),
    // One assignment per related question.
    uniqueIndex("fact_checks_origin_unique").on(t.originCheckId, t.originQuestionId),
    index("fact_checks_owner").on(t.ownerId),
    index("fact_checks_assignee").on(t.assigneeId),
    index("fact_checks_status_updated").on(t.status, t.updatedAt),
    check("fact_checks_version_positive", sql`${t.version} > 0`),
  ],
);

/**
 * Co-writers: people the owner (or another writer, or an editor) shares a check
 * with. They may do everything its owner may, except remove the owner, who is
 * never in this table. lib/server/policies/fact-check.ts reads it.
 */
export const factCheckCollaborators = pgTable(
  "fact_check_collaborators",
  {
    factCheckId: text("fact_check_id")
      .notNull()
      .references(() => factChecks.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    addedById: text("added_by")
      .notNull()
      .references(() => users.id),
    addedAt: timestamp("added_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  // The key answers "who co-writes this check"; the index answers "which checks does this person co-write" (the desk).
  (t) => [primaryKey({ columns: [t.factCheckId, t.userId] }), index("fact_check_collaborators_user").on(t.userId)],
);

/**
 * The live document of a check (lib/collab/document.ts): its Yjs state, every
 * change the editors made, including any the content's validation refused.
 * Written by the live server when it stores a document (which then writes the
 * validated content to fact_checks), and by every other write of a check's
 * content, in the same transaction, so the two never drift apart
 * (lib/server/live-documents.ts). A check without a row has never been opened
 * live: its state is built from its content when it first is.
 *
 * `state` is the base, holding every write numbered up to `baseSeq`; the
 * writes since are rows of `fact_check_document_updates` (each only what it
 * added), folded into the base now and then (lib/server/live-state.ts).
 */
export const factCheckDocuments = pgTable("fact_check_documents", {
  factCheckId: text("fact_check_id")
    .primaryKey()
    .references(() => factChecks.id, { onDelete: "cascade" }),
  state: bytea("state").notNull(),
  baseSeq: integer("base_seq").notNull().default(0),
  updatedAt: updatedAt(),
});

/**
 * The writes of a live state since its base (`fact_check_documents.state`),
 * each a Yjs update of what it added, numbered in the order they were written
 * (`seq`, one more than the last, under the check's row lock): the state is
 * the base with all of them applied.
 */
export const factCheckDocumentUpdates = pgTable(
  "fact_check_document_updates",
  {
    factCheckId: text("fact_check_id")
      .notNull()
      .references(() => factCheckDocuments.factCheckId, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    update: bytea("update").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.factCheckId, t.seq] })],
);

/** Small key/value store for instance-wide settings (generated secrets, site settings). */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: updatedAt(),
});

export const sourceStatusEnum = pgEnum("source_status", ["live", "updated", "dead", "retracted", "unreachable"]);

/** The shared source library: one row per normalized URL. */
export const sources = pgTable(
  "sources",
  {
    id: id(),
    url: text("url").notNull(),
    normalizedUrl: text("normalized_url").notNull(),
    title: text("title").notNull(),
    publisher: text("publisher"),
    author: text("author"),
    publishedOn: date("published_on", { mode: "string" }),
    lastVerifiedOn: date("last_verified_on", { mode: "string" }),
    archivedUrl: text("archived_url"),
    notes: text("notes"),
    status: sourceStatusEnum("status").notNull().default("live"),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true, mode: "date" }),
    statusNote: text("status_note"),
    /** Who set the status: a person (status_set_by_id), or the link checker (`unreachable`, and back to `live`). */
    statusSetByChecker: boolean("status_set_by_checker").notNull().default(false),
    statusSetById: text("status_set_by_id").references(() => users.id),
    /** The link checker's state (lib/server/link-checks.ts): when it last checked and when it checks next. */
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true, mode: "date" }),
    nextCheckAt: timestamp("next_check_at", { withTimezone: true, mode: "date" }),
    /** The first of the failures in a row since the source last answered (or a person last set its status), and how many. */
    failingSince: timestamp("failing_since", { withTimezone: true, mode: "date" }),
    failureCount: integer("failure_count").notNull().default(0),
    /** SHA-256 of the page's extracted main text at the last successful check, and when it last changed. */
    textHash: text("text_hash"),
    textChangedAt: timestamp("text_changed_at", { withTimezone: true, mode: "date" }),
    /** Where a permanent redirect leads: offered to the librarian as the new URL until accepted or the URL changes. */
    redirectUrl: text("redirect_url"),
    /** The latest archived copy (source_snapshots), for the pages that show "archived copy of <date>". */
    latestSnapshotId: text("latest_snapshot_id"),
    latestSnapshotAt: timestamp("latest_snapshot_at", { withTimezone: true, mode: "date" }),
    addedById: text("added_by_id").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Weighted full-text document: title (A), publisher and author (B), URL (C), notes (D). */
    search: tsvector("search").generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(publisher, '') || ' ' || coalesce(author, '')), 'B') || setweight(to_tsvector('simple', regexp_replace(url, '[^a-zA-Z0-9]+', ' ', 'g')), 'C') || setweight(to_tsvector('english', coalesce(notes, '')), 'D')`,
    ),
  },
  (t) => [
    uniqueIndex("sources_normalized_url_unique").on(t.normalizedUrl),
    index("sources_search").using("gin", t.search),
    index("sources_status").on(t.status),
    index("sources_updated").on(t.updatedAt),
    // The library's orders without a search: recently added, title, recently verified.
    index("sources_created").on(t.createdAt),
    index("sources_title_lower").on(sql`lower(${t.title})`),
    index("sources_verified").on(t.lastVerifiedOn.desc().nullsLast()),
    // The link checker's next due sources.
    index("sources_next_check").on(t.nextCheckAt),
  ],
);

/** Every check of a source's link, kept as its history (lib/server/link-checks.ts). */
export const linkChecks = pgTable(
  "link_checks",
  {
    id: id(),
    sourceId: text("source_id")
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    checkedAt: timestamp("checked_at", { withTimezone: true, mode: "date" }).notNull(),
    /** ok | failed | blocked */
    outcome: text("outcome").$type<"ok" | "failed" | "blocked">().notNull(),
    /** Why it failed or was blocked, as a word (not_found, gone, dns, refused, timeout, …); null when ok. */
    failure: text("failure"),
    httpStatus: integer("http_status"),
    finalUrl: text("final_url"),
    /** SHA-256 of the extracted main text (HTML pages). */
    contentHash: text("content_hash"),
    error: text("error"),
    /** Every hop followed to `final_url`: each address and its status. */
    redirects: jsonb("redirects").$type<{ url: string; status: number }[]>(),
    durationMs: integer("duration_ms").notNull(),
    /** schedule | manual | added */
    trigger: text("trigger").notNull(),
    actorId: text("actor_id").references(() => users.id),
  },
  (t) => [index("link_checks_source_at").on(t.sourceId, t.checkedAt)],
);

/**
 * Archived copies of a source's page: the HTML (up to a size cap) and its main
 * text, taken when the source is added and whenever a check finds its text
 * changed (lib/server/link-checks.ts). Staff-only, served sandboxed
 * (app/(desk)/sources/[id]/archive). The row is the copy's record; its HTML is
 * in the row itself or in the store the row names (lib/server/snapshots.ts).
 */
export const sourceSnapshots = pgTable(
  "source_snapshots",
  {
    id: id(),
    sourceId: text("source_id")
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    takenAt: timestamp("taken_at", { withTimezone: true, mode: "date" }).notNull(),
    url: text("url").notNull(),
    contentType: text("content_type"),
    /** Where the HTML is: `database` (the `html` column), `files` (the data directory) or `s3` (an S3-compatible bucket). */
    store: text("store").$type<"database" | "files" | "s3">().notNull().default("database"),
    /** The HTML, when the store is `database`. */
    html: text("html"),
    /** The HTML's key in a `files` or `s3` store (`<source id>/<copy id>.html`). */
    objectKey: text("object_key"),
    mainText: text("main_text").notNull(),
    textHash: text("text_hash").notNull(),
    bytes: integer("bytes").notNull(),
    /** The page was longer than the cap: only its start is kept. */
    truncated: boolean("truncated").notNull().default(false),
  },
  (t) => [
    index("source_snapshots_source_at").on(t.sourceId, t.takenAt),
    // Every copy says where its HTML is: in the row, or under a key in the store it names.
    check("source_snapshots_html_somewhere", sql`(${t.store} = 'database' and ${t.html} is not null) or (${t.store} in ('files', 's3') and ${t.objectKey} is not null)`),
  ],
);

/** Every change to a source: who, when, and each field's old and new value. */
export const sourceHistory = pgTable(
  "source_history",
  {
    id: id(),
    sourceId: text("source_id")
      .notNull()
      .references(() => sources.id),
    actorId: text("actor_id").references(() => users.id),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    changes: jsonb("changes").$type<Record<string, { from: unknown; to: unknown }>>().notNull(),
  },
  (t) => [index("source_history_source_at").on(t.sourceId, t.at)],
);

/**
 * Which sources the working copy of each check cites, and where ("summary" or a
 * section id). Derived from the document on every save; never edited by hand.
 */
export const citations = pgTable(
  "citations",
  {
    factCheckId: text("fact_check_id")
      .notNull()
      .references(() => factChecks.id, { onDelete: "cascade" }),
    sourceId: text("source_id")
      .notNull()
      .references(() => sources.id),
    location: text("location").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.factCheckId, t.sourceId, t.location] }),
    index("citations_source").on(t.sourceId),
  ],
);

/** The document content of a check, as one JSON value (revisions and published versions store this). */
export type CheckContent = {
  question: string;
  topic: string | null;
  summary: RichDoc;
  sections: Section[];
  relatedQuestions: RelatedQuestion[];
  claimReviewed: string | null;
  verdict: string | null;
  claimAppearance: string | null;
};

/** A frozen copy of a check's content at a version: what was submitted, reviewed, approved. */
export const revisions = pgTable(
  "revisions",
  {
    id: id(),
    factCheckId: text("fact_check_id")
      .notNull()
      .references(() => factChecks.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    content: jsonb("content").$type<CheckContent>().notNull(),
    /** sha256 of the canonical JSON of content: what approval and publishing compare. */
    contentHash: text("content_hash").notNull(),
    createdById: text("created_by_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("revisions_check_version").on(t.factCheckId, t.version)],
);

export const reviewStateEnum = pgEnum("review_state", ["pending", "approved", "changes_requested", "withdrawn"]);

/** A request to one reviewer to review one submitted revision. */
export const reviewRequests = pgTable(
  "review_requests",
  {
    id: id(),
    factCheckId: text("fact_check_id")
      .notNull()
      .references(() => factChecks.id, { onDelete: "cascade" }),
    revisionId: text("revision_id")
      .notNull()
      .references(() => revisions.id),
    reviewerId: text("reviewer_id")
      .notNull()
      .references(() => users.id),
    requestedById: text("requested_by_id")
      .notNull()
      .references(() => users.id),
    note: text("note"),
    state: reviewStateEnum("state").notNull().default("pending"),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("review_requests_reviewer_state").on(t.reviewerId, t.state),
    index("review_requests_check").on(t.factCheckId),
  ],
);

/** Comments on a check: on the whole check, a section, or a quoted passage; threads via parentId. */
export const comments = pgTable(
  "comments",
  {
    id: id(),
    factCheckId: text("fact_check_id")
      .notNull()
      .references(() => factChecks.id, { onDelete: "cascade" }),
    parentId: text("parent_id"),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    /** "summary", a section id, or null for the whole check. */
    sectionId: text("section_id"),
    quote: text("quote"),
    /** Where the quote sat: text just before and after it, to find it again after edits. */
    anchor: jsonb("anchor").$type<{ prefix: string; suffix: string; offset: number; /** the passage as it reads now */ text: string } | null>(),
    detached: boolean("detached").notNull().default(false),
    reviewRequestId: text("review_request_id").references(() => reviewRequests.id),
    /**
     * "comment": a thread on the check (it blocks approval until resolved);
     * "decision": the note a reviewer sends with a decision, shown with the review round, never a thread.
     */
    kind: text("kind").$type<"comment" | "decision">().notNull().default("comment"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, mode: "date" }),
    resolvedById: text("resolved_by_id").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("comments_check").on(t.factCheckId, t.createdAt)],
);

/** In-app inbox. */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    factCheckId: text("fact_check_id").references(() => factChecks.id, { onDelete: "cascade" }),
    actorId: text("actor_id").references(() => users.id),
    message: text("message").notNull(),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [index("notifications_user_created").on(t.userId, t.createdAt)],
);

/**
 * Who did what to which record, when. Append-only: the migration adds a trigger
 * that refuses UPDATE and DELETE, so not even the app can rewrite history.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    factCheckId: text("fact_check_id"),
    data: jsonb("data").$type<Record<string, unknown>>(),
  },
  (t) => [index("audit_log_check_at").on(t.factCheckId, t.at), index("audit_log_entity").on(t.entityType, t.entityId)],
);

/** Immutable snapshots of what readers saw. Never updated after insert. */
export const publishedVersions = pgTable(
  "published_versions",
  {
    id: id(),
    factCheckId: text("fact_check_id")
      .notNull()
      .references(() => factChecks.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    revisionId: text("revision_id")
      .notNull()
      .references(() => revisions.id),
    slug: text("slug").notNull(),
    content: jsonb("content").$type<CheckContent>().notNull(),
    contentHash: text("content_hash").notNull(),
    /** The sources as readers saw them, keyed by id (title, publisher, dates, URLs). */
    sourcesSnapshot: jsonb("sources_snapshot").$type<Record<string, unknown>>().notNull(),
    checkedOn: timestamp("checked_on", { withTimezone: true, mode: "date" }).notNull(),
    publishedById: text("published_by_id")
      .notNull()
      .references(() => users.id),
    changeNote: text("change_note"),
    createdAt: createdAt(),
    /** Weighted full-text document of the content (question A, summary and headings B, bodies C, related D); set once at insert. */
    search: tsvector("search"),
  },
  (t) => [
    uniqueIndex("published_versions_check_number").on(t.factCheckId, t.number),
    index("published_versions_search").using("gin", t.search),
  ],
);

/** Sources cited by each published version (for staleness and "cited in"). */
export const publishedCitations = pgTable(
  "published_citations",
  {
    versionId: text("version_id")
      .notNull()
      .references(() => publishedVersions.id, { onDelete: "cascade" }),
    sourceId: text("source_id")
      .notNull()
      .references(() => sources.id),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.sourceId] }), index("published_citations_source").on(t.sourceId)],
);

/** Old public addresses of checks whose slug changed. */
export const slugRedirects = pgTable("slug_redirects", {
  slug: text("slug").primaryKey(),
  factCheckId: text("fact_check_id")
    .notNull()
    .references(() => factChecks.id, { onDelete: "cascade" }),
  createdAt: createdAt(),
});

/** Refresh policy per topic (days between checks). */
export const topicPolicies = pgTable("topic_policies", {
  topic: text("topic").primaryKey(),
  refreshIntervalDays: integer("refresh_interval_days").notNull(),
  updatedAt: updatedAt(),
});

/** "Report outdated information" from readers; open until the check is republished. */
export const outdatedReports = pgTable(
  "outdated_reports",
  {
    id: id(),
    factCheckId: text("fact_check_id")
      .notNull()
      .references(() => factChecks.id, { onDelete: "cascade" }),
    note: text("note"),
    addressHash: text("address_hash").notNull(),
    createdAt: createdAt(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("outdated_reports_check").on(t.factCheckId, t.resolvedAt), index("outdated_reports_address").on(t.addressHash, t.createdAt)],
);

/** Personal API tokens (Authorization: Bearer …); only a hash is stored. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash)],
);

/**
 * The job queue of the embedded database (lib/server/job-queue.ts): one row per
 * job, kept after it ends so failures stay visible and retries survive a
 * restart. On PostgreSQL, pg-boss keeps its own tables (schema `pgboss`) with
 * the same states and columns of the same meaning.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    /** created | retry | active | completed | failed */
    state: text("state").notNull().default("created"),
    retryLimit: integer("retry_limit").notNull(),
    retryCount: integer("retry_count").notNull().default(0),
    retryDelaySeconds: integer("retry_delay_seconds").notNull(),
    startAfter: timestamp("start_after", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }),
    /** The last error ({ message, stack }) of a failed run. */
    output: jsonb("output").$type<{ message?: string; stack?: string } | null>(),
    createdAt: createdAt(),
  },
  (t) => [index("jobs_due").on(t.state, t.startAfter), index("jobs_created").on(t.createdAt)],
);

/**
 * Every email the app sends, one row per message (the idempotency key makes a
 * second row for the same event impossible): written with the event that
 * causes it, rendered and delivered by a job (lib/server/mail.ts). Without
 * SMTP_URL the rendered message stays here as the outbox admins read.
 */
export const mailMessages = pgTable(
  "mail_messages",
  {
    id: text("id").primaryKey(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** Null for an invitation, whose person has no account yet (`to_address` says where it goes). */
    userId: text("user_id").references(() => users.id),
    /** A kind of email (lib/mail-kinds.ts), or `digest`. */
    kind: text("kind").notNull(),
    notificationId: text("notification_id").references(() => notifications.id, { onDelete: "set null" }),
    /** Digests: the day they cover, in the site's time zone. */
    digestDate: date("digest_date", { mode: "string" }),
    toAddress: text("to_address"),
    subject: text("subject"),
    textBody: text("text_body"),
    htmlBody: text("html_body"),
    /** When the delivery job was queued; null until the dispatcher saw the committed row. */
    queuedAt: timestamp("queued_at", { withTimezone: true, mode: "date" }),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
    /** smtp | outbox | skipped (the person chose never since) */
    transport: text("transport"),
    smtpMessageId: text("smtp_message_id"),
    lastError: text("last_error"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("mail_messages_idempotency").on(t.idempotencyKey),
    index("mail_messages_unqueued").on(t.createdAt).where(sql`${t.queuedAt} is null`),
    index("mail_messages_user").on(t.userId, t.createdAt),
  ],
);

/** How each person gets each kind of email; no row means the kind's default (lib/mail-kinds.ts). */
export const mailPreferences = pgTable(
  "mail_preferences",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    /** immediate | digest | never */
    delivery: text("delivery").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/**
 * "Forgot password?" requests: the reset link's token is stored only as a hash,
 * works once (`used_at`) and until `expires_at` (30 minutes). The rows also
 * count requests per address and per account for the rate limit.
 */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: id(),
    /** Null when the address asked for has no account (counted all the same). */
    userId: text("user_id").references(() => users.id),
    email: text("email").notNull(),
    tokenHash: text("token_hash"),
    addressHash: text("address_hash").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("password_resets_token").on(t.tokenHash),
    index("password_resets_email").on(t.email, t.createdAt),
    index("password_resets_address").on(t.addressHash, t.createdAt),
  ],
);

/**
 * Invitations admins send by email: the link (its token stored only as a hash)
 * lets the invited person set a password, which creates their account with the
 * role chosen. Pending until accepted, revoked or past `expires_at`; resending
 * replaces the token, so only the latest link works.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: roleEnum("role").notNull(),
    invitedById: text("invited_by_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    userId: text("user_id").references(() => users.id),
  },
  (t) => [
    uniqueIndex("invitations_token").on(t.tokenHash),
    // One pending invitation per address.
    uniqueIndex("invitations_pending_email").on(sql`lower(${t.email})`).where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type FactCheckRow = typeof factChecks.$inferSelect;
export type SourceRow = typeof sources.$inferSelect;
export type LinkCheckRow = typeof linkChecks.$inferSelect;
export type SourceSnapshotRow = typeof sourceSnapshots.$inferSelect;
export type RevisionRow = typeof revisions.$inferSelect;
export type ReviewRequestRow = typeof reviewRequests.$inferSelect;
export type CommentRow = typeof comments.$inferSelect;
export type PublishedVersionRow = typeof publishedVersions.$inferSelect;
