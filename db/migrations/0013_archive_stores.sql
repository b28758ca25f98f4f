ALTER TABLE "source_snapshots" ALTER COLUMN "html" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "source_snapshots" ADD COLUMN "store" text DEFAULT 'database' NOT NULL;--> statement-breakpoint
ALTER TABLE "source_snapshots" ADD COLUMN "object_key" text;--> statement-breakpoint
ALTER TABLE "source_snapshots" ADD CONSTRAINT "source_snapshots_html_somewhere" CHECK (("source_snapshots"."store" = 'database' and "source_snapshots"."html" is not null) or ("source_snapshots"."store" in ('files', 's3') and "source_snapshots"."object_key" is not null));