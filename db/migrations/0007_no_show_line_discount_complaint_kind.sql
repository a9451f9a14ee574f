ALTER TABLE "complaints" ADD COLUMN "kind" text DEFAULT 'complaint' NOT NULL;--> statement-breakpoint
ALTER TABLE "reservation_items" ADD COLUMN "discount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "reservations" ADD COLUMN "no_show_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reservations" ADD COLUMN "no_show_by_id" integer;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_no_show_by_id_staff_users_id_fk" FOREIGN KEY ("no_show_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Questions forwarded from the chat before complaints had a kind: their subject was the chat's fixed text.
UPDATE "complaints" SET "kind" = 'question' WHERE "subject" IN ('Pertanyaan dari chat', 'Question from chat');--> statement-breakpoint
-- Lines booked before the per-line discount: the booking's bundle discount is shared over its bundled add-on
-- lines in proportion to their list price, the last line taking the rounding, so the lines sum to the booking.
WITH "lines" AS (
  SELECT i."id", i."reservation_id", r."discount",
    (r."discount"::bigint * i."line_total" / nullif(sum(i."line_total") OVER (PARTITION BY i."reservation_id"), 0))::int AS "share",
    row_number() OVER (PARTITION BY i."reservation_id" ORDER BY i."id" DESC) AS "from_last"
  FROM "reservation_items" i JOIN "reservations" r ON r."id" = i."reservation_id"
  WHERE r."discount" > 0 AND i."kind" = 'addon' AND i."bundle_id" IS NOT NULL
), "shares" AS (
  SELECT "id", CASE WHEN "from_last" = 1
    THEN "discount" - (sum("share") OVER (PARTITION BY "reservation_id") - "share")
    ELSE "share" END AS "discount"
  FROM "lines"
)
UPDATE "reservation_items" i SET "discount" = s."discount" FROM "shares" s WHERE s."id" = i."id";
