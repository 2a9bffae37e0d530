ALTER TABLE "conversations" ADD COLUMN "last_change_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "change_seq" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_conversation_change_seq_key" ON "messages" USING btree ("conversation_id","change_seq") WHERE "messages"."change_seq" is not null;