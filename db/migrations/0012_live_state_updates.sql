CREATE TABLE "fact_check_document_updates" (
	"fact_check_id" text NOT NULL,
	"seq" integer NOT NULL,
	"update" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_check_document_updates_fact_check_id_seq_pk" PRIMARY KEY("fact_check_id","seq")
);
--> statement-breakpoint
ALTER TABLE "fact_check_documents" ADD COLUMN "base_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fact_check_document_updates" ADD CONSTRAINT "fact_check_document_updates_fact_check_id_fact_check_documents_fact_check_id_fk" FOREIGN KEY ("fact_check_id") REFERENCES "public"."fact_check_documents"("fact_check_id") ON DELETE cascade ON UPDATE no action;