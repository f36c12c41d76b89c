-- The role of each rollup row's farm role (fixed once created) and the state of its image, kept on the row so
-- account- and Global-wide counts read one table:
--   fresh      = the image is its farm role's role's current image for the row's platform and location;
--   deprecated = the image is deprecated.
-- Kept exact inside every writer's transaction: a new rollup row takes both from role_images and images
-- (trigger); a change of an image's deprecation rewrites `deprecated` on its rows (trigger); a change of a
-- role's image (add, replace, remove — replace everywhere and its rollback included) rewrites `fresh` on the
-- rows of that role's farm roles, by the writer (see below). Each locks the role_images / images row before the
-- rollup rows, in the same order as a server insert does, so they serialise instead of deadlocking.
-- Note: MariaDB fires no trigger for foreign-key cascades; images have none.
ALTER TABLE server_image_counts
  ADD COLUMN role_id BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN fresh BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN deprecated BOOLEAN NOT NULL DEFAULT FALSE,
  DROP INDEX server_image_counts_env_idx,
  DROP INDEX server_image_counts_account_idx,
  DROP INDEX server_image_counts_image_idx,
  DROP INDEX server_image_counts_farm_idx,
  -- Covering, as before, now with the state: a scope's, an image's or a farm's counts come from one index.
  ADD INDEX server_image_counts_env_idx (env_id, farm_id, active, fresh, deprecated),
  ADD INDEX server_image_counts_account_idx (account_id, farm_id, env_id, active, fresh, deprecated),
  ADD INDEX server_image_counts_image_idx (image_id, active, env_id, account_id, farm_id, fresh, deprecated),
  ADD INDEX server_image_counts_farm_idx (farm_id, active, env_id, account_id, fresh, deprecated),
  -- The rows a role image change refreshes, found without reading (and so without locking) farm_roles.
  ADD INDEX server_image_counts_role_idx (role_id, platform, cloud_location);

UPDATE server_image_counts c
  JOIN farm_roles fr ON fr.id = c.farm_role_id
  JOIN images i ON i.id = c.image_id
  LEFT JOIN role_images ri ON ri.role_id = fr.role_id AND ri.platform = c.platform AND ri.cloud_location = c.cloud_location
SET c.role_id = fr.role_id, c.fresh = (ri.image_id IS NOT NULL AND ri.image_id = c.image_id),
  c.deprecated = i.deprecated;

-- A new rollup row (the first active server of its key) takes its role and state; an existing one has them.
DROP TRIGGER servers_counts_insert;
CREATE TRIGGER servers_counts_insert AFTER INSERT ON servers FOR EACH ROW
  INSERT INTO server_image_counts (farm_role_id, image_id, platform, cloud_location, farm_id, env_id, account_id, active,
    role_id, fresh, deprecated)
  SELECT NEW.farm_role_id, NEW.image_id, NEW.platform, NEW.cloud_location, NEW.farm_id, NEW.env_id, NEW.account_id, 1,
    fr.role_id, (ri.image_id IS NOT NULL AND ri.image_id = NEW.image_id), i.deprecated
  FROM images i
    JOIN farm_roles fr ON fr.id = NEW.farm_role_id
    LEFT JOIN role_images ri ON ri.role_id = fr.role_id AND ri.platform = NEW.platform
      AND ri.cloud_location = NEW.cloud_location
  WHERE i.id = NEW.image_id AND NEW.status IN ('PENDING', 'RUNNING', 'SUSPENDED')
  ON DUPLICATE KEY UPDATE active = active + 1;

DROP TRIGGER servers_counts_update_new;
CREATE TRIGGER servers_counts_update_new AFTER UPDATE ON servers FOR EACH ROW FOLLOWS servers_counts_update_old
  INSERT INTO server_image_counts (farm_role_id, image_id, platform, cloud_location, farm_id, env_id, account_id, active,
    role_id, fresh, deprecated)
  SELECT NEW.farm_role_id, NEW.image_id, NEW.platform, NEW.cloud_location, NEW.farm_id, NEW.env_id, NEW.account_id, 1,
    fr.role_id, (ri.image_id IS NOT NULL AND ri.image_id = NEW.image_id), i.deprecated
  FROM images i
    JOIN farm_roles fr ON fr.id = NEW.farm_role_id
    LEFT JOIN role_images ri ON ri.role_id = fr.role_id AND ri.platform = NEW.platform
      AND ri.cloud_location = NEW.cloud_location
  WHERE i.id = NEW.image_id
    AND NEW.status IN ('PENDING', 'RUNNING', 'SUSPENDED')
    AND NOT (OLD.status IN ('PENDING', 'RUNNING', 'SUSPENDED') AND NEW.farm_role_id = OLD.farm_role_id
      AND NEW.image_id = OLD.image_id AND NEW.platform = OLD.platform AND NEW.cloud_location = OLD.cloud_location)
  ON DUPLICATE KEY UPDATE active = active + 1;

-- A role's image for a platform and location is not followed by a trigger: replace everywhere changes
-- thousands of role_images rows in one statement, and a trigger statement per row cost it more than the change
-- itself. The writers of role_images (RoleDao, ReplacementDao) refresh `fresh` instead, one set-based UPDATE
-- over the rows of the roles they changed (by the rollup's role_id), in the same transaction.

CREATE TRIGGER images_counts_update AFTER UPDATE ON images FOR EACH ROW
  UPDATE server_image_counts SET deprecated = NEW.deprecated
  WHERE image_id = NEW.id AND NOT (NEW.deprecated <=> OLD.deprecated);

-- A farm role's role, platform and location are fixed once created (only min / max change), so its rows' freshness
-- changes only with role_images; this keeps them right should that ever change.
CREATE TRIGGER farm_roles_counts_update AFTER UPDATE ON farm_roles FOR EACH ROW
  UPDATE server_image_counts c
    LEFT JOIN role_images ri ON ri.role_id = NEW.role_id AND ri.platform = c.platform AND ri.cloud_location = c.cloud_location
  SET c.role_id = NEW.role_id, c.fresh = (ri.image_id IS NOT NULL AND ri.image_id = c.image_id)
  WHERE c.farm_role_id = NEW.id
    AND NOT (NEW.role_id <=> OLD.role_id AND NEW.platform <=> OLD.platform AND NEW.cloud_location <=> OLD.cloud_location);
