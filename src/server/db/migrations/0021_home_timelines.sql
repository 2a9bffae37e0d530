CREATE TABLE "home_entries" (
	"owner_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"memory_id" uuid NOT NULL,
	CONSTRAINT "home_entries_pkey" PRIMARY KEY("owner_id","created_at","memory_id")
);
--> statement-breakpoint
CREATE TABLE "home_timelines" (
	"owner_id" uuid PRIMARY KEY NOT NULL,
	"floor_at" timestamp (3) with time zone NOT NULL,
	"floor_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "home_timelines" ADD CONSTRAINT "home_timelines_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Timelines start empty, complete from now on: older pages of existing dancers are read from their
-- sources (the floor), and new memories fan out from here.
INSERT INTO "home_timelines" ("owner_id", "floor_at", "floor_id")
SELECT "id", now(), 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid FROM "users";
