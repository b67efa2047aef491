DROP INDEX `answer_post_member_idx`;--> statement-breakpoint
CREATE INDEX `answer_post_member_recent_idx` ON `answer` (`post_id`,`member_id`,`last_message_at`);