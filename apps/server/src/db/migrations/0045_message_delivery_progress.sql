ALTER TABLE "message" ADD COLUMN "delivery_progress" jsonb;
