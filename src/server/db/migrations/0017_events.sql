CREATE SEQUENCE "public"."event_rsvp_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "event_credits" (
	"event_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"accepted_at" timestamp (3) with time zone,
	CONSTRAINT "event_credits_pkey" PRIMARY KEY("event_id","user_id","role"),
	CONSTRAINT "event_credits_role_check" CHECK ("event_credits"."role" in ('teacher', 'dj', 'performer', 'musician', 'organiser'))
);
--> statement-breakpoint
CREATE TABLE "event_hosts" (
	"event_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "event_hosts_pkey" PRIMARY KEY("event_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "event_occurrences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"date" date NOT NULL,
	"starts_at" timestamp (3) with time zone NOT NULL,
	"ends_at" timestamp (3) with time zone NOT NULL,
	"city_id" uuid,
	"group_id" uuid,
	"type" text NOT NULL,
	"moved" boolean DEFAULT false NOT NULL,
	"cancelled_at" timestamp (3) with time zone,
	"going_leaders" integer DEFAULT 0 NOT NULL,
	"going_followers" integer DEFAULT 0 NOT NULL,
	"going_total" integer DEFAULT 0 NOT NULL,
	"waitlisted" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "event_occurrences_type_check" CHECK ("event_occurrences"."type" in ('milonga', 'practica', 'clase', 'workshop', 'encuentro', 'marathon', 'festival'))
);
--> statement-breakpoint
CREATE TABLE "event_rsvps" (
	"occurrence_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"role" text,
	"partner_id" uuid,
	"partner_confirmed" boolean DEFAULT false NOT NULL,
	"seq" bigint DEFAULT nextval('event_rsvp_seq') NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_rsvps_pkey" PRIMARY KEY("occurrence_id","user_id"),
	CONSTRAINT "event_rsvps_status_check" CHECK ("event_rsvps"."status" in ('going', 'waitlisted', 'interested', 'not_going')),
	CONSTRAINT "event_rsvps_role_check" CHECK ("event_rsvps"."role" in ('leader', 'follower'))
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organiser_id" uuid NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"time_zone" text NOT NULL,
	"starts_local" timestamp(0) NOT NULL,
	"ends_local" timestamp(0) NOT NULL,
	"recurrence" text,
	"venue_name" text NOT NULL,
	"venue_address" text DEFAULT '' NOT NULL,
	"city_id" uuid,
	"group_id" uuid,
	"level" text DEFAULT 'all' NOT NULL,
	"dress_code" text DEFAULT '' NOT NULL,
	"price_amount" numeric(12, 2),
	"price_currency" text,
	"capacity" integer,
	"leader_cap" integer,
	"follower_cap" integer,
	"balance_within" integer,
	"cancelled_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_type_check" CHECK ("events"."type" in ('milonga', 'practica', 'clase', 'workshop', 'encuentro', 'marathon', 'festival')),
	CONSTRAINT "events_level_check" CHECK ("events"."level" in ('all', 'beginner', 'intermediate', 'advanced')),
	CONSTRAINT "events_ends_after_start" CHECK ("events"."ends_local" > "events"."starts_local"),
	CONSTRAINT "events_price_whole" CHECK (("events"."price_amount" is null) = ("events"."price_currency" is null))
);
--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_type_check";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "group_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "event_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "event_date" date;--> statement-breakpoint
ALTER TABLE "event_credits" ADD CONSTRAINT "event_credits_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_credits" ADD CONSTRAINT "event_credits_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_hosts" ADD CONSTRAINT "event_hosts_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_hosts" ADD CONSTRAINT "event_hosts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_occurrences" ADD CONSTRAINT "event_occurrences_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_occurrences" ADD CONSTRAINT "event_occurrences_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_occurrences" ADD CONSTRAINT "event_occurrences_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_rsvps" ADD CONSTRAINT "event_rsvps_occurrence_id_event_occurrences_id_fk" FOREIGN KEY ("occurrence_id") REFERENCES "public"."event_occurrences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_rsvps" ADD CONSTRAINT "event_rsvps_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_rsvps" ADD CONSTRAINT "event_rsvps_partner_id_users_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_organiser_id_users_id_fk" FOREIGN KEY ("organiser_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_credits_user_accepted_idx" ON "event_credits" USING btree ("user_id") WHERE "event_credits"."accepted_at" is not null;--> statement-breakpoint
CREATE INDEX "event_hosts_user_idx" ON "event_hosts" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_occurrences_event_date_key" ON "event_occurrences" USING btree ("event_id","date");--> statement-breakpoint
CREATE INDEX "event_occurrences_city_starts_idx" ON "event_occurrences" USING btree ("city_id","starts_at","id");--> statement-breakpoint
CREATE INDEX "event_occurrences_starts_idx" ON "event_occurrences" USING btree ("starts_at","id");--> statement-breakpoint
CREATE INDEX "event_occurrences_group_starts_idx" ON "event_occurrences" USING btree ("group_id","starts_at","id") WHERE "event_occurrences"."group_id" is not null;--> statement-breakpoint
CREATE INDEX "event_rsvps_occurrence_status_idx" ON "event_rsvps" USING btree ("occurrence_id","status","seq");--> statement-breakpoint
CREATE INDEX "event_rsvps_user_idx" ON "event_rsvps" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "event_rsvps_partner_idx" ON "event_rsvps" USING btree ("partner_id") WHERE "event_rsvps"."partner_id" is not null;--> statement-breakpoint
CREATE INDEX "events_organiser_idx" ON "events" USING btree ("organiser_id");--> statement-breakpoint
CREATE INDEX "events_city_idx" ON "events" USING btree ("city_id");--> statement-breakpoint
CREATE INDEX "events_group_idx" ON "events" USING btree ("group_id");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_group_idx" ON "notifications" USING btree ("group_id") WHERE "notifications"."group_id" is not null;--> statement-breakpoint
CREATE INDEX "notifications_event_idx" ON "notifications" USING btree ("event_id") WHERE "notifications"."event_id" is not null;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_type_check" CHECK ("notifications"."type" in ('follow', 'friend_request', 'friend_accepted', 'comment', 'reply', 'reaction', 'mention', 'group_request', 'group_approved', 'event_rsvp', 'event_promoted', 'event_partner', 'event_changed', 'event_cancelled', 'event_credit'));