-- An image pasted into a new article before its first save belongs to no article yet: the save
-- attaches the images its body names (issue 15).
ALTER TABLE "kb_article_image" ALTER COLUMN "article_id" DROP NOT NULL;
