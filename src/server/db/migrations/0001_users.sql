CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" "citext" NOT NULL,
	"email" "citext" NOT NULL,
	"display_name" text NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"city" text,
	"country" text,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"leader_level" smallint,
	"follower_level" smallint,
	"years_dancing" smallint,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_leader_level_range" CHECK ("users"."leader_level" between 0 and 5),
	CONSTRAINT "users_follower_level_range" CHECK ("users"."follower_level" between 0 and 5),
	CONSTRAINT "users_years_dancing_range" CHECK ("users"."years_dancing" between 0 and 100),
	CONSTRAINT "users_country_code" CHECK ("users"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_key" ON "users" USING btree ("username");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "users_created_at_id_idx" ON "users" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "users_city_created_at_id_idx" ON "users" USING btree ("city","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);