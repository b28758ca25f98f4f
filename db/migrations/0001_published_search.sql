ALTER TABLE "published_versions" ADD COLUMN "search" "tsvector";--> statement-breakpoint
CREATE INDEX "published_versions_search" ON "published_versions" USING gin ("search");