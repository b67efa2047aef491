DROP INDEX `daily_post_thread_idx`;--> statement-breakpoint
DROP INDEX `daily_post_status_idx`;--> statement-breakpoint
CREATE INDEX `daily_post_thread_ref_idx` ON `daily_post` (`thread_ref`) WHERE "daily_post"."thread_ref" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `daily_post_claimed_idx` ON `daily_post` (`id`) WHERE "daily_post"."status" = 'claimed';