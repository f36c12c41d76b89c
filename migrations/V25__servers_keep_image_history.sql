-- A server keeps the image it was launched from as history, not as a reference: its id (no foreign key), and the
-- name it had at launch. An image whose servers have all been terminated can then be deleted
-- (deleting one that running servers use stays refused by ImageService), and the servers still say what they ran.
-- A launch locks the image's row before inserting its server (FarmService), which orders it against a delete.
-- The rollup (V21/V22) is unaffected: its triggers read the image only for an active server, and a deleted image's
-- rollup rows, all 0 by then, are skipped by every reader.
ALTER TABLE servers
  DROP FOREIGN KEY servers_image_fk,
  ADD COLUMN image_name VARCHAR(100) NOT NULL DEFAULT '';

UPDATE servers s JOIN images i ON i.id = s.image_id SET s.image_name = i.name;
