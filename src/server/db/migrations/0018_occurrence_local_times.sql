ALTER TABLE "event_occurrences" ADD COLUMN "starts_iso" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "event_occurrences" ADD COLUMN "ends_iso" text DEFAULT '' NOT NULL;