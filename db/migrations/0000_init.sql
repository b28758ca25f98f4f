CREATE TYPE "public"."fact_check_status" AS ENUM('draft', 'in_review', 'approved', 'published');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('writer', 'reviewer', 'editor', 'admin');--> statement-breakpoint
CREATE TABLE "fact_checks" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"question" text NOT NULL,
	"topic" text,
	"summary" jsonb NOT NULL,
	"sections" jsonb NOT NULL,
	"related_questions" jsonb NOT NULL,
	"refresh_interval_days" integer,
	"claim_reviewed" text,
	"verdict" text,
	"claim_appearance" text,
	"status" "fact_check_status" DEFAULT 'draft' NOT NULL,
	"owner_id" text NOT NULL,
	"assignee_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"checked_on" timestamp with time zone,
	"next_refresh_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_id" text,
	CONSTRAINT "fact_checks_version_positive" CHECK ("fact_checks"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "login_failures" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"address" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "role" DEFAULT 'writer' NOT NULL,
	"disabled_at" timestamp with time zone,
	"sessions_revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fact_checks" ADD CONSTRAINT "fact_checks_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_checks" ADD CONSTRAINT "fact_checks_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_checks" ADD CONSTRAINT "fact_checks_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fact_checks_slug_unique" ON "fact_checks" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "fact_checks_owner" ON "fact_checks" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "fact_checks_assignee" ON "fact_checks" USING btree ("assignee_id");--> statement-breakpoint
CREATE INDEX "fact_checks_status_updated" ON "fact_checks" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "login_failures_email_at" ON "login_failures" USING btree ("email","at");--> statement-breakpoint
CREATE INDEX "login_failures_address_at" ON "login_failures" USING btree ("address","at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree (lower("email"));