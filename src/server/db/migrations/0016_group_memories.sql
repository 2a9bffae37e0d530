ALTER TABLE "memories" DROP CONSTRAINT "memories_visibility_check";--> statement-breakpoint
ALTER TABLE "memories" ADD COLUMN "group_id" uuid;--> statement-breakpoint
ALTER TABLE "memories" ADD CONSTRAINT "memories_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "memories_group_created_idx" ON "memories" USING btree ("group_id","created_at","id") WHERE "memories"."group_id" is not null;--> statement-breakpoint
ALTER TABLE "memories" ADD CONSTRAINT "memories_group_visibility" CHECK (("memories"."visibility" = 'group') = ("memories"."group_id" is not null));--> statement-breakpoint
ALTER TABLE "memories" ADD CONSTRAINT "memories_visibility_check" CHECK ("memories"."visibility" in ('public', 'followers', 'friends', 'private', 'group'));