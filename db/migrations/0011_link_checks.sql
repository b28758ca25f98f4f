ALTER TYPE "public"."source_status" ADD VALUE 'unreachable';--> statement-breakpoint
CREATE TABLE "link_checks" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"source_id" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"failure" text,
	"http_status" integer,
	"final_url" text,
	"content_hash" text,
	"error" text,
	"redirects" jsonb,
	"duration_ms" integer NOT NULL,
	"trigger" text NOT NULL,
	"actor_id" text
);
--> statement-breakpoint
CREATE TABLE "source_snapshots" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"source_id" text NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"url" text NOT NULL,
	"content_type" text,
	"html" text NOT NULL,
	"main_text" text NOT NULL,
	"text_hash" text NOT NULL,
	"bytes" integer NOT NULL,
	"truncated" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "status_set_by_checker" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "status_set_by_id" text;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "last_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "next_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "failing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "failure_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "text_hash" text;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "text_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "redirect_url" text;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "latest_snapshot_id" text;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "latest_snapshot_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "link_checks" ADD CONSTRAINT "link_checks_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_checks" ADD CONSTRAINT "link_checks_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_snapshots" ADD CONSTRAINT "source_snapshots_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "link_checks_source_at" ON "link_checks" USING btree ("source_id","checked_at");--> statement-breakpoint
CREATE INDEX "source_snapshots_source_at" ON "source_snapshots" USING btree ("source_id","taken_at");--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_status_set_by_id_users_id_fk" FOREIGN KEY ("status_set_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sources_next_check" ON "sources" USING btree ("next_check_at");