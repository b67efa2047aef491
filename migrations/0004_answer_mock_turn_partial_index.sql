DROP INDEX `answer_mock_turn_idx`;--> statement-breakpoint
CREATE INDEX `answer_mock_turn_idx` ON `answer` (`mock_turn_id`) WHERE "answer"."mock_turn_id" IS NOT NULL;