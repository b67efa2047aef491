ALTER TABLE `mock_session` ADD `last_control_id` text;--> statement-breakpoint
ALTER TABLE `mock_turn` ADD `follow_up_at` integer;