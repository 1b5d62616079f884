ALTER TABLE "import_run" ADD COLUMN "upload" text;
