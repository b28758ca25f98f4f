ALTER TABLE "comments" ADD COLUMN "kind" text DEFAULT 'comment' NOT NULL;--> statement-breakpoint
-- Notes sent with a decision were stored as comments: the decision's audit entry names them.
UPDATE "comments" SET "kind" = 'decision' WHERE "id" IN (
	SELECT "data"->>'commentId' FROM "audit_log"
	WHERE "action" IN ('fact_check.approve', 'fact_check.request_changes') AND "data"->>'commentId' IS NOT NULL
);
