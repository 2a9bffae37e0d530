DROP INDEX "users_created_at_id_idx";--> statement-breakpoint
DROP INDEX "users_city_created_at_id_idx";--> statement-breakpoint
DROP INDEX "mail_outbox_to_address_created_at_idx";--> statement-breakpoint
DROP INDEX "sessions_user_id_created_at_idx";--> statement-breakpoint
CREATE INDEX "users_created_at_id_idx" ON "users" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "users_city_created_at_id_idx" ON "users" USING btree ("city","created_at","id");--> statement-breakpoint
CREATE INDEX "mail_outbox_to_address_created_at_idx" ON "mail_outbox" USING btree ("to_address","created_at");--> statement-breakpoint
CREATE INDEX "sessions_user_id_created_at_idx" ON "sessions" USING btree ("user_id","created_at","id");