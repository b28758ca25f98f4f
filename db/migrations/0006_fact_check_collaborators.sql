CREATE TABLE "fact_check_collaborators" (
	"fact_check_id" text NOT NULL,
	"user_id" text NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_check_collaborators_fact_check_id_user_id_pk" PRIMARY KEY("fact_check_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "fact_check_collaborators" ADD CONSTRAINT "fact_check_collaborators_fact_check_id_fact_checks_id_fk" FOREIGN KEY ("fact_check_id") REFERENCES "public"."fact_checks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_check_collaborators" ADD CONSTRAINT "fact_check_collaborators_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_check_collaborators" ADD CONSTRAINT "fact_check_collaborators_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fact_check_collaborators_user" ON "fact_check_collaborators" USING btree ("user_id");