ALTER TABLE "conversations" ADD COLUMN "group_id" uuid;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_group_id_key" ON "conversations" USING btree ("group_id");--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_group_shape" CHECK ("conversations"."group_id" is null or "conversations"."kind" = 'group');--> statement-breakpoint
-- Hand-written from here: every group made before this migration gets its chat, named after it and
-- started by its owner, seating its members in the members list's order (owner, admins, moderators,
-- members, longest-serving first) up to 500 (GROUP_MAX_MEMBERS in src/contract/rules.ts), as the groups
-- service seats them. Nothing unread: read marks start at 0 with no messages. Both statements skip what
-- exists, so they may run again.
INSERT INTO conversations (id, kind, name, group_id, created_by_id, created_at, updated_at)
SELECT uuid_v7(), 'group', g.name, g.id,
       (SELECT m.user_id FROM group_members m WHERE m.group_id = g.id AND m.role = 'owner'),
       now(), now()
FROM groups g
WHERE NOT EXISTS (SELECT 1 FROM conversations c WHERE c.group_id = g.id);--> statement-breakpoint
INSERT INTO conversation_members (conversation_id, user_id, role)
SELECT c.id, seat.user_id, 'member'
FROM conversations c
CROSS JOIN LATERAL (
  SELECT m.user_id FROM group_members m
  WHERE m.group_id = c.group_id
  ORDER BY m.rank, m.joined_at, m.user_id
  LIMIT 500
) AS seat
WHERE c.group_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM conversation_members x WHERE x.conversation_id = c.id)
ON CONFLICT DO NOTHING;
