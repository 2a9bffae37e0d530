CREATE TABLE "cities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"country" text,
	"key" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cities_key_country_key" UNIQUE NULLS NOT DISTINCT("key","country"),
	CONSTRAINT "cities_country_code" CHECK ("cities"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "city_follows" (
	"city_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "city_follows_pkey" PRIMARY KEY("city_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "city_id" uuid;--> statement-breakpoint
ALTER TABLE "city_follows" ADD CONSTRAINT "city_follows_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "city_follows" ADD CONSTRAINT "city_follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cities_slug_key" ON "cities" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "cities_key_prefix_idx" ON "cities" USING btree ("key" collate "C","slug" collate "C");--> statement-breakpoint
CREATE INDEX "city_follows_city_created_idx" ON "city_follows" USING btree ("city_id","created_at","user_id");--> statement-breakpoint
CREATE INDEX "city_follows_user_idx" ON "city_follows" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "users_city_id_created_at_id_idx" ON "users" USING btree ("city_id","created_at","id");--> statement-breakpoint
-- Hand-written from here: users.city_id is kept by the database on every write of users.city or
-- users.country (registration, PATCH /me, the seed's bulk inserts, anything to come), so no write path
-- can forget it and the city exists before the row that names it is stored.
--
-- The normalised name: lower case, accents removed (the unaccent dictionary named explicitly), white
-- space collapsed and trimmed. unaccent() is only STABLE (it reads its dictionary); its rules never
-- change under us, so the wrapper is declared IMMUTABLE, with the search path fixed at creation so it
-- finds the extension whatever the caller's path.
CREATE FUNCTION city_key(name text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  SET search_path FROM CURRENT
  AS $$ SELECT btrim(regexp_replace(lower(unaccent('unaccent'::regdictionary, name)), '\s+', ' ', 'g')) $$;--> statement-breakpoint
-- A time-ordered UUIDv7 like lib/ids.ts makes (PostgreSQL 15 has no uuidv7()): the millisecond clock
-- over the first 48 bits of a random UUID, version bits set to 7.
CREATE FUNCTION uuid_v7() RETURNS uuid
  LANGUAGE sql VOLATILE PARALLEL SAFE
  AS $$ SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
          placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
          from 1 for 6), 52, 1), 53, 1), 'hex')::uuid $$;--> statement-breakpoint
-- The city of a name and country, made the first time it is named; null without a name. Its slug is
-- the key's runs of anything but [a-z0-9] turned into "-" (at most 80 characters; "city" when nothing
-- is left, as for a name in another script), then "-" and the country in lower case; "-2", "-3"… when
-- another city has it. ON CONFLICT DO NOTHING (any unique index) lets two writers race: the loser
-- finds the winner's city on the next turn, or tries the next slug.
CREATE FUNCTION city_for(city_name text, country_code text) RETURNS uuid
  LANGUAGE plpgsql
  AS $$
DECLARE
  k text := city_key(city_name);
  base text;
  candidate text;
  n int := 1;
  tries int := 0;
  found uuid;
BEGIN
  IF k IS NULL OR k = '' THEN
    RETURN NULL;
  END IF;
  base := coalesce(nullif(btrim(left(regexp_replace(k, '[^a-z0-9]+', '-', 'g'), 80), '-'), ''), 'city')
    || coalesce('-' || lower(country_code), '');
  LOOP
    tries := tries + 1;
    IF tries > 1000 THEN
      RAISE EXCEPTION 'no free slug for city "%" after % tries', base, tries;
    END IF;
    -- Two lookups rather than IS NOT DISTINCT FROM, which no index serves.
    IF country_code IS NULL THEN
      SELECT c.id INTO found FROM cities c WHERE c.key = k AND c.country IS NULL;
    ELSE
      SELECT c.id INTO found FROM cities c WHERE c.key = k AND c.country = country_code;
    END IF;
    IF found IS NOT NULL THEN
      RETURN found;
    END IF;
    candidate := CASE WHEN n = 1 THEN base ELSE base || '-' || n END;
    IF NOT EXISTS (SELECT 1 FROM cities c WHERE c.slug = candidate) THEN
      INSERT INTO cities (id, slug, name, country, key)
        VALUES (uuid_v7(), candidate, btrim(regexp_replace(city_name, '\s+', ' ', 'g')), country_code, k)
        ON CONFLICT DO NOTHING
        RETURNING id INTO found;
      IF found IS NOT NULL THEN
        RETURN found;
      END IF;
      -- Lost a race: for this city (found on the next turn) or for the slug (tried again, then the next).
      CONTINUE;
    END IF;
    n := n + 1;
  END LOOP;
END $$;--> statement-breakpoint
-- A dancer who moves into a city they followed becomes one of its residents, and stops being a visitor.
CREATE FUNCTION users_set_city() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.city_id := city_for(NEW.city, NEW.country);
  IF TG_OP = 'UPDATE' AND NEW.city_id IS NOT NULL THEN
    DELETE FROM city_follows WHERE city_id = NEW.city_id AND user_id = NEW.id;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER users_city BEFORE INSERT OR UPDATE OF city, country ON users
  FOR EACH ROW EXECUTE FUNCTION users_set_city();--> statement-breakpoint
-- ALWAYS: it fires under session_replication_role = replica too, which the seed sets to skip the
-- foreign-key checks of its bulk inserts.
ALTER TABLE users ENABLE ALWAYS TRIGGER users_city;--> statement-breakpoint
-- The dancers already here, oldest first: the first to name a city gives it its name and slug.
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT id, city, country FROM users WHERE city IS NOT NULL ORDER BY created_at, id LOOP
    UPDATE users SET city_id = city_for(r.city, r.country) WHERE id = r.id;
  END LOOP;
END $$;
