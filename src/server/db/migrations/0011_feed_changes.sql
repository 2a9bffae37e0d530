CREATE TABLE "feed_changes" (
	"xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"user_id" uuid NOT NULL,
	"changed_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "feed_changes_xid_idx" ON "feed_changes" USING btree ("xid");--> statement-breakpoint
-- Triggers that note what may change a home page (see feed_changes in schema/memories.ts). Inserts and
-- deletes are noted once per statement and user, updates once per row; the insert and delete triggers of a
-- table name their transition table alike, so one function serves both.
CREATE FUNCTION feed_change_memories() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO feed_changes (user_id) SELECT DISTINCT author_id FROM changed;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER memories_feed_insert AFTER INSERT ON memories REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION feed_change_memories();--> statement-breakpoint
CREATE TRIGGER memories_feed_delete AFTER DELETE ON memories REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION feed_change_memories();--> statement-breakpoint
-- Reaction and comment counts change often and are read fresh with every page, so only what a cached
-- page keeps counts as a change.
CREATE FUNCTION feed_change_memory_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO feed_changes (user_id) VALUES (NEW.author_id);
  IF OLD.author_id IS DISTINCT FROM NEW.author_id THEN
    INSERT INTO feed_changes (user_id) VALUES (OLD.author_id);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER memories_feed_update AFTER UPDATE ON memories FOR EACH ROW
  WHEN (OLD.body IS DISTINCT FROM NEW.body OR OLD.visibility IS DISTINCT FROM NEW.visibility
    OR OLD.city IS DISTINCT FROM NEW.city OR OLD.event_id IS DISTINCT FROM NEW.event_id
    OR OLD.edited_at IS DISTINCT FROM NEW.edited_at OR OLD.author_id IS DISTINCT FROM NEW.author_id)
  EXECUTE FUNCTION feed_change_memory_row();--> statement-breakpoint
-- A renamed dancer: their own audience, and the authors of the memories that mention them.
CREATE FUNCTION feed_change_user_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO feed_changes (user_id) VALUES (NEW.id);
  INSERT INTO feed_changes (user_id)
    SELECT DISTINCT m.author_id FROM memory_mentions mm JOIN memories m ON m.id = mm.memory_id
    WHERE mm.user_id = NEW.id AND m.author_id <> NEW.id;
  RETURN NULL;
END $$;--> statement-breakpoint
-- usernames are citext: compared as text, so a change of case counts too.
CREATE TRIGGER users_feed_update AFTER UPDATE ON users FOR EACH ROW
  WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.username::text IS DISTINCT FROM NEW.username::text)
  EXECUTE FUNCTION feed_change_user_row();--> statement-breakpoint
-- Tags and mentions shown on a page: their memory's author. (A memory's own insert and delete are noted
-- above; when a memory goes, its tags and mentions find no memory to join and add nothing.)
CREATE FUNCTION feed_change_memory_parts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO feed_changes (user_id)
    SELECT DISTINCT m.author_id FROM changed c JOIN memories m ON m.id = c.memory_id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER memory_tags_feed_insert AFTER INSERT ON memory_tags REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION feed_change_memory_parts();--> statement-breakpoint
CREATE TRIGGER memory_tags_feed_delete AFTER DELETE ON memory_tags REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION feed_change_memory_parts();--> statement-breakpoint
CREATE TRIGGER memory_mentions_feed_insert AFTER INSERT ON memory_mentions REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION feed_change_memory_parts();--> statement-breakpoint
CREATE TRIGGER memory_mentions_feed_delete AFTER DELETE ON memory_mentions REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION feed_change_memory_parts();--> statement-breakpoint
CREATE FUNCTION feed_change_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO feed_changes (user_id) SELECT DISTINCT follower_id FROM changed;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER follows_feed_insert AFTER INSERT ON follows REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION feed_change_follows();--> statement-breakpoint
CREATE TRIGGER follows_feed_delete AFTER DELETE ON follows REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION feed_change_follows();--> statement-breakpoint
CREATE FUNCTION feed_change_mutes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO feed_changes (user_id) SELECT DISTINCT muter_id FROM changed;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER mutes_feed_insert AFTER INSERT ON mutes REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION feed_change_mutes();--> statement-breakpoint
CREATE TRIGGER mutes_feed_delete AFTER DELETE ON mutes REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION feed_change_mutes();--> statement-breakpoint
CREATE FUNCTION feed_change_friendships() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO feed_changes (user_id)
    SELECT user_low_id FROM changed UNION SELECT user_high_id FROM changed;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER friendships_feed_insert AFTER INSERT ON friendships REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION feed_change_friendships();--> statement-breakpoint
CREATE TRIGGER friendships_feed_delete AFTER DELETE ON friendships REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION feed_change_friendships();--> statement-breakpoint
CREATE FUNCTION feed_change_blocks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO feed_changes (user_id)
    SELECT blocker_id FROM changed UNION SELECT blocked_id FROM changed;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER blocks_feed_insert AFTER INSERT ON blocks REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION feed_change_blocks();--> statement-breakpoint
CREATE TRIGGER blocks_feed_delete AFTER DELETE ON blocks REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION feed_change_blocks();
