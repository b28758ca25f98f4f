import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { RichDoc, Section, RelatedQuestion } from "@/lib/document";

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
    .$defaultFn(() => crypto.randomUUID());
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
    /** Sessions issued before this instant are refused (set when a user is disabled or their password changes). */
    sessionsRevokedAt: timestamp("sessions_revoked_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(sql`lower(${t.email})`)],
);

/** One row per failed sign-in; counted per account and per address over a sliding window. */
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
    version: integer("version").notNull().default(1),
    checkedOn: timestamp("checked_on", { withTimezone: true, mode: "date" }),
    nextRefreshAt: timestamp("next_refresh_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    updatedById: text("updated_by_id").references(() => users.id),
  },
  (t) => [
    uniqueIndex("fact_checks_slug_unique").on(t.slug),
    index("fact_checks_owner").on(t.ownerId),
    index("fact_checks_assignee").on(t.assigneeId),
    index("fact_checks_status_updated").on(t.status, t.updatedAt),
    check("fact_checks_version_positive", sql`${t.version} > 0`),
  ],
);

/** Small key/value store for instance-wide settings (generated secrets, site settings). */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: updatedAt(),
});

export type UserRow = typeof users.$inferSelect;
export type FactCheckRow = typeof factChecks.$inferSelect;
