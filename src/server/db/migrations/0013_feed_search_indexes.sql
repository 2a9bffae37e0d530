CREATE INDEX "users_username_prefix_idx" ON "users" USING btree (lower("username"::text) collate "C");--> statement-breakpoint
CREATE INDEX "users_display_name_prefix_idx" ON "users" USING btree (lower("display_name") collate "C");--> statement-breakpoint
CREATE INDEX "mutes_muted_idx" ON "mutes" USING btree ("muted_id","muter_id");