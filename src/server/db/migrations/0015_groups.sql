CREATE TABLE "group_bans" (
	"group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"banned_by_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_bans_pkey" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "group_members" (
	"group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"rank" smallint GENERATED ALWAYS AS (case role when 'owner' then 0 when 'admin' then 1 when 'moderator' then 2 else 3 end) STORED NOT NULL,
	"joined_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_members_pkey" PRIMARY KEY("group_id","user_id"),
	CONSTRAINT "group_members_role_check" CHECK ("group_members"."role" in ('owner', 'admin', 'moderator', 'member'))
);
--> statement-breakpoint
CREATE TABLE "group_requests" (
	"group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_requests_pkey" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key" text GENERATED ALWAYS AS (city_key(name)) STORED NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"visibility" text NOT NULL,
	"city_id" uuid,
	"member_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "groups_visibility_check" CHECK ("groups"."visibility" in ('public', 'private')),
	CONSTRAINT "groups_name_length" CHECK (char_length("groups"."name") between 1 and 100),
	CONSTRAINT "groups_description_length" CHECK (char_length("groups"."description") <= 2000),
	CONSTRAINT "groups_member_count_nonnegative" CHECK ("groups"."member_count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "group_bans" ADD CONSTRAINT "group_bans_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_bans" ADD CONSTRAINT "group_bans_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_bans" ADD CONSTRAINT "group_bans_banned_by_id_users_id_fk" FOREIGN KEY ("banned_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_requests" ADD CONSTRAINT "group_requests_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_requests" ADD CONSTRAINT "group_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "group_bans_group_created_idx" ON "group_bans" USING btree ("group_id","created_at","user_id");--> statement-breakpoint
CREATE INDEX "group_bans_user_idx" ON "group_bans" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "group_bans_banned_by_idx" ON "group_bans" USING btree ("banned_by_id");--> statement-breakpoint
CREATE INDEX "group_members_list_idx" ON "group_members" USING btree ("group_id","rank","joined_at","user_id");--> statement-breakpoint
CREATE INDEX "group_members_user_idx" ON "group_members" USING btree ("user_id","group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "group_members_one_owner" ON "group_members" USING btree ("group_id") WHERE role = 'owner';--> statement-breakpoint
CREATE INDEX "group_requests_group_created_idx" ON "group_requests" USING btree ("group_id","created_at","user_id");--> statement-breakpoint
CREATE INDEX "group_requests_user_idx" ON "group_requests" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "groups_key_idx" ON "groups" USING btree ("key" collate "C","id");--> statement-breakpoint
CREATE INDEX "groups_city_key_idx" ON "groups" USING btree ("city_id","key" collate "C","id");--> statement-breakpoint
-- Hand-written from here: groups.member_count follows group_members on every write, whatever makes
-- it (joins, approvals, leaves, bans, and the cascades of a deleted account or group), in the same
-- transaction. Statement triggers with transition tables: one UPDATE per statement and group, so a
-- bulk insert costs one update per group, not one per row. The groups row is locked by the UPDATE,
-- so concurrent joins queue on it and none is lost.
CREATE FUNCTION group_members_added() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  UPDATE groups g SET member_count = g.member_count + a.n
    FROM (SELECT group_id, count(*)::int AS n FROM added GROUP BY group_id) a
    WHERE g.id = a.group_id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION group_members_removed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  -- A group deleted in this statement's cascade is gone already: nothing to update.
  UPDATE groups g SET member_count = g.member_count - r.n
    FROM (SELECT group_id, count(*)::int AS n FROM removed GROUP BY group_id) r
    WHERE g.id = r.group_id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER group_members_count_added AFTER INSERT ON group_members
  REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION group_members_added();--> statement-breakpoint
CREATE TRIGGER group_members_count_removed AFTER DELETE ON group_members
  REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION group_members_removed();--> statement-breakpoint
-- ALWAYS: bulk loads under session_replication_role = replica (the seed's) are counted too.
ALTER TABLE group_members ENABLE ALWAYS TRIGGER group_members_count_added;--> statement-breakpoint
ALTER TABLE group_members ENABLE ALWAYS TRIGGER group_members_count_removed;
