ALTER TABLE "fact_checks" ADD COLUMN "origin_check_id" text;--> statement-breakpoint
ALTER TABLE "fact_checks" ADD COLUMN "origin_question_id" text;--> statement-breakpoint
ALTER TABLE "fact_checks" ADD CONSTRAINT "fact_checks_origin_check_id_fact_checks_id_fk" FOREIGN KEY ("origin_check_id") REFERENCES "public"."fact_checks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fact_checks_origin_unique" ON "fact_checks" USING btree ("origin_check_id","origin_question_id");