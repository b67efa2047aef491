ALTER TABLE `daily_post` ADD `review_assign_at` integer;--> statement-breakpoint
CREATE INDEX `daily_post_review_assign_idx` ON `daily_post` (`review_assign_at`) WHERE "daily_post"."reviews_assigned_at" IS NULL AND "daily_post"."review_assign_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `daily_post_review_offer_idx` ON `daily_post` (`deadline_at`) WHERE "daily_post"."reviews_offered_at" IS NULL AND "daily_post"."deadline_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE `review` ADD `helpful_at` integer;