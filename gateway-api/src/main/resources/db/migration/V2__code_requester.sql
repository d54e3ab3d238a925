-- Codes by URL (GET /api/v1/qr): who asked, so one client's unfinished codes can be counted
-- against its share of the interactive queue. NULL for jobs submitted by POST.
ALTER TABLE jobs ADD COLUMN requester text;
CREATE INDEX jobs_unfinished_by_requester ON jobs (requester)
    WHERE requester IS NOT NULL AND status IN ('QUEUED', 'PROCESSING');
-- images still in use, and a code by URL joining a recent job for the same image: newest first
DROP INDEX jobs_by_image;
CREATE INDEX jobs_by_image ON jobs (image_key, created_at DESC);
