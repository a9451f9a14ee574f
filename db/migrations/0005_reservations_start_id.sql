DROP INDEX "reservations_start_idx";--> statement-breakpoint
CREATE INDEX "reservations_start_idx" ON "reservations" USING btree ("start_at","id");