CREATE INDEX "sources_created" ON "sources" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sources_title_lower" ON "sources" USING btree (lower("title"));--> statement-breakpoint
CREATE INDEX "sources_verified" ON "sources" USING btree ("last_verified_on" DESC NULLS LAST);