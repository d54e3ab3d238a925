-- Which check a stored image passed (GRID: its module grid read back from its bytes and decoded;
-- FULL: that and what a scanner does with the pixels). Every image before this was checked in full.
ALTER TABLE jobs ADD COLUMN verification text CHECK (verification IN ('GRID', 'FULL'));
UPDATE jobs SET verification = 'FULL' WHERE verified;
ALTER TABLE jobs DROP COLUMN verified;
ALTER TABLE batch_items ADD COLUMN verification text CHECK (verification IN ('GRID', 'FULL'));
UPDATE batch_items SET verification = 'FULL' WHERE status = 'DONE';
