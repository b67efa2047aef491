CREATE TABLE `answer_message` (
	`message_id` text PRIMARY KEY NOT NULL,
	`answer_id` integer NOT NULL,
	`message_ref` text NOT NULL,
	`text` text NOT NULL,
	`posted_at` integer NOT NULL,
	FOREIGN KEY (`answer_id`) REFERENCES `answer`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `answer_message_answer_idx` ON `answer_message` (`answer_id`);--> statement-breakpoint
CREATE TABLE `answer` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`post_id` integer,
	`mock_turn_id` integer,
	`member_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`round` integer NOT NULL,
	`source` text NOT NULL,
	`message_ref` text,
	`text` text NOT NULL,
	`analysis` text,
	`score` integer DEFAULT 0 NOT NULL,
	`principles` text DEFAULT '[]' NOT NULL,
	`on_time` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_message_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `community`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`post_id`) REFERENCES `daily_post`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mock_turn_id`) REFERENCES `mock_turn`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `answer_post_member_idx` ON `answer` (`post_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `answer_member_idx` ON `answer` (`member_id`);--> statement-breakpoint
CREATE INDEX `answer_channel_created_idx` ON `answer` (`channel_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `answer_mock_turn_idx` ON `answer` (`mock_turn_id`);--> statement-breakpoint
CREATE TABLE `away_period` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `away_period_member_idx` ON `away_period` (`member_id`);--> statement-breakpoint
CREATE TABLE `channel` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`scheduled` integer DEFAULT false NOT NULL,
	`timezone` text DEFAULT 'UTC' NOT NULL,
	`post_time` text DEFAULT '09:00' NOT NULL,
	`weekdays` text DEFAULT '1,2,3,4,5' NOT NULL,
	`rotation` text DEFAULT 'weekday' NOT NULL,
	`fixed_round` integer,
	`cycle_next` integer DEFAULT 1 NOT NULL,
	`paused` integer DEFAULT false NOT NULL,
	`paused_reason` text,
	`skip_date` text,
	`next_post_at` integer,
	`failure_count` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`review_mode` text DEFAULT 'thread' NOT NULL,
	`review_assign_hours` integer DEFAULT 4 NOT NULL,
	`digest_weekday` integer DEFAULT 5,
	`digest_time` text DEFAULT '17:00' NOT NULL,
	`next_digest_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `community`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `channel_next_post_idx` ON `channel` (`next_post_at`) WHERE "channel"."next_post_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `channel_next_digest_idx` ON `channel` (`next_digest_at`) WHERE "channel"."next_digest_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `channel_community_idx` ON `channel` (`community_id`);--> statement-breakpoint
CREATE TABLE `community` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `daily_post` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` text NOT NULL,
	`local_date` text NOT NULL,
	`seq` integer NOT NULL,
	`round` integer NOT NULL,
	`question_id` text NOT NULL,
	`status` text DEFAULT 'claimed' NOT NULL,
	`message_ref` text,
	`thread_ref` text,
	`claimed_at` integer NOT NULL,
	`posted_at` integer,
	`deadline_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`reviews_assigned_at` integer,
	`reviews_offered_at` integer,
	FOREIGN KEY (`channel_id`) REFERENCES `channel`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `daily_post_channel_date_idx` ON `daily_post` (`channel_id`,`local_date`);--> statement-breakpoint
CREATE UNIQUE INDEX `daily_post_channel_seq_idx` ON `daily_post` (`channel_id`,`seq`);--> statement-breakpoint
CREATE INDEX `daily_post_thread_idx` ON `daily_post` (`thread_ref`);--> statement-breakpoint
CREATE INDEX `daily_post_status_idx` ON `daily_post` (`status`);--> statement-breakpoint
CREATE TABLE `member` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` text NOT NULL,
	`user_ref` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`timezone` text,
	`remind_time` text,
	`next_remind_at` integer,
	`away_until` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `community`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `member_community_user_idx` ON `member` (`community_id`,`user_ref`);--> statement-breakpoint
CREATE INDEX `member_next_remind_idx` ON `member` (`next_remind_at`) WHERE "member"."next_remind_at" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `mock_session` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`thread_ref` text,
	`message_ref` text,
	`candidate_id` integer NOT NULL,
	`partner_id` integer,
	`round` integer NOT NULL,
	`question_ids` text NOT NULL,
	`minutes_per_question` integer NOT NULL,
	`current_index` integer DEFAULT 0 NOT NULL,
	`phase` text DEFAULT 'answering' NOT NULL,
	`question_started_at` integer,
	`question_deadline_at` integer,
	`warned` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`scorecard` text,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`community_id`) REFERENCES `community`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`candidate_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`partner_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `mock_session_deadline_idx` ON `mock_session` (`question_deadline_at`) WHERE "mock_session"."status" = 'active';--> statement-breakpoint
CREATE INDEX `mock_session_thread_idx` ON `mock_session` (`thread_ref`);--> statement-breakpoint
CREATE INDEX `mock_session_candidate_idx` ON `mock_session` (`candidate_id`,`status`);--> statement-breakpoint
CREATE TABLE `mock_turn` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`position` integer NOT NULL,
	`question_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`follow_up` text,
	`timed_out` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `mock_session`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mock_turn_session_position_idx` ON `mock_turn` (`session_id`,`position`);--> statement-breakpoint
CREATE TABLE `pending_confirmation` (
	`token` text PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`action` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `question_usage` (
	`channel_id` text NOT NULL,
	`question_id` text NOT NULL,
	`last_used_at` integer NOT NULL,
	`times_used` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`channel_id`, `question_id`),
	FOREIGN KEY (`channel_id`) REFERENCES `channel`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `review_assignment` (
	`answer_id` integer PRIMARY KEY NOT NULL,
	`reviewer_id` integer NOT NULL,
	`assigned_at` integer NOT NULL,
	FOREIGN KEY (`answer_id`) REFERENCES `answer`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `review_assignment_reviewer_idx` ON `review_assignment` (`reviewer_id`);--> statement-breakpoint
CREATE TABLE `review` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`answer_id` integer NOT NULL,
	`reviewer_id` integer NOT NULL,
	`situation_task` integer NOT NULL,
	`action` integer NOT NULL,
	`result` integer NOT NULL,
	`principle_fit` integer NOT NULL,
	`technical_depth` integer,
	`keep` text NOT NULL,
	`change` text NOT NULL,
	`message_ref` text,
	`helpful` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`answer_id`) REFERENCES `answer`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reviewer_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_answer_reviewer_idx` ON `review` (`answer_id`,`reviewer_id`);--> statement-breakpoint
CREATE INDEX `review_reviewer_idx` ON `review` (`reviewer_id`);--> statement-breakpoint
CREATE INDEX `review_message_idx` ON `review` (`message_ref`);--> statement-breakpoint
CREATE TABLE `streak` (
	`channel_id` text NOT NULL,
	`member_id` integer NOT NULL,
	`current` integer DEFAULT 0 NOT NULL,
	`longest` integer DEFAULT 0 NOT NULL,
	`freezes` integer DEFAULT 0 NOT NULL,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`since_freeze` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`channel_id`, `member_id`),
	FOREIGN KEY (`channel_id`) REFERENCES `channel`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
