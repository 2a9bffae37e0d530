CREATE TABLE "conversation_deliveries" (
	"conversation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"delivered_seq" bigint NOT NULL,
	CONSTRAINT "conversation_deliveries_pkey" PRIMARY KEY("conversation_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "conversation_deliveries" ADD CONSTRAINT "conversation_deliveries_member_fk" FOREIGN KEY ("conversation_id","user_id") REFERENCES "public"."conversation_members"("conversation_id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Hand-written: rows are updated in place many times a second; free space on each page keeps those updates HOT.
ALTER TABLE "conversation_deliveries" SET (fillfactor = 50);--> statement-breakpoint
-- Hand-written: keep the marks already recorded.
INSERT INTO "conversation_deliveries" ("conversation_id", "user_id", "delivered_seq")
SELECT "conversation_id", "user_id", "delivered_seq" FROM "conversation_members" WHERE "delivered_seq" > 0;--> statement-breakpoint
ALTER TABLE "conversation_members" DROP COLUMN "delivered_seq";
