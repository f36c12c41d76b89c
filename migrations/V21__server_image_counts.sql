-- Active servers per (farm role, image, platform, location): the rollup the usage explorer's counts, the
-- scope dashboard and the freshness snapshots read instead of aggregating `servers` per request. Kept exact
-- by the triggers below inside every writer's transaction (services, operations, demo seeding, batch
-- inserts). "Active" is ServerStatus.ACTIVE: PENDING, RUNNING, SUSPENDED. Rows that drop to 0 stay (0 means
-- none); readers skip them. Triggers are single statements (no BEGIN … END), so Flyway needs no DELIMITER.
-- Note: MariaDB fires no trigger for TRUNCATE or for foreign-key cascades; servers have neither.
CREATE TABLE server_image_counts (
  farm_role_id    BIGINT NOT NULL,
  image_id        CHAR(36) NOT NULL,
  platform        VARCHAR(16) NOT NULL,
  cloud_location  VARCHAR(32) NOT NULL,
  farm_id         BIGINT NOT NULL,
  env_id          BIGINT NOT NULL,
  account_id      BIGINT NOT NULL,
  active          INT NOT NULL,
  PRIMARY KEY (farm_role_id, image_id, platform, cloud_location),
  -- Covering (a secondary index holds the primary key too): a scope's or an image's rows are read from the
  -- index alone.
  INDEX server_image_counts_env_idx (env_id, active, farm_id),
  INDEX server_image_counts_account_idx (account_id, active, farm_id, env_id),
  INDEX server_image_counts_image_idx (image_id, active, env_id, account_id, farm_id),
  INDEX server_image_counts_farm_idx (farm_id, active, env_id, account_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO server_image_counts (farm_role_id, image_id, platform, cloud_location, farm_id, env_id, account_id, active)
SELECT farm_role_id, image_id, platform, cloud_location, MIN(farm_id), MIN(env_id), MIN(account_id), COUNT(*)
FROM servers
WHERE status IN ('PENDING', 'RUNNING', 'SUSPENDED')
GROUP BY farm_role_id, image_id, platform, cloud_location;

CREATE TRIGGER servers_counts_insert AFTER INSERT ON servers FOR EACH ROW
  INSERT INTO server_image_counts (farm_role_id, image_id, platform, cloud_location, farm_id, env_id, account_id, active)
  SELECT NEW.farm_role_id, NEW.image_id, NEW.platform, NEW.cloud_location, NEW.farm_id, NEW.env_id, NEW.account_id, 1
  FROM DUAL WHERE NEW.status IN ('PENDING', 'RUNNING', 'SUSPENDED')
  ON DUPLICATE KEY UPDATE active = active + 1;

-- An update leaves the old key (-1, when the server was active) and enters the new one (+1, when it is);
-- when both are active on the same key nothing changes, so a status change between active states, or any
-- update of other columns, writes no rollup row.
CREATE TRIGGER servers_counts_update_old AFTER UPDATE ON servers FOR EACH ROW
  UPDATE server_image_counts SET active = active - 1
  WHERE farm_role_id = OLD.farm_role_id AND image_id = OLD.image_id AND platform = OLD.platform
    AND cloud_location = OLD.cloud_location
    AND OLD.status IN ('PENDING', 'RUNNING', 'SUSPENDED')
    AND NOT (NEW.status IN ('PENDING', 'RUNNING', 'SUSPENDED') AND NEW.farm_role_id = OLD.farm_role_id
      AND NEW.image_id = OLD.image_id AND NEW.platform = OLD.platform AND NEW.cloud_location = OLD.cloud_location);

CREATE TRIGGER servers_counts_update_new AFTER UPDATE ON servers FOR EACH ROW FOLLOWS servers_counts_update_old
  INSERT INTO server_image_counts (farm_role_id, image_id, platform, cloud_location, farm_id, env_id, account_id, active)
  SELECT NEW.farm_role_id, NEW.image_id, NEW.platform, NEW.cloud_location, NEW.farm_id, NEW.env_id, NEW.account_id, 1
  FROM DUAL
  WHERE NEW.status IN ('PENDING', 'RUNNING', 'SUSPENDED')
    AND NOT (OLD.status IN ('PENDING', 'RUNNING', 'SUSPENDED') AND NEW.farm_role_id = OLD.farm_role_id
      AND NEW.image_id = OLD.image_id AND NEW.platform = OLD.platform AND NEW.cloud_location = OLD.cloud_location)
  ON DUPLICATE KEY UPDATE active = active + 1;

CREATE TRIGGER servers_counts_delete AFTER DELETE ON servers FOR EACH ROW
  UPDATE server_image_counts SET active = active - 1
  WHERE farm_role_id = OLD.farm_role_id AND image_id = OLD.image_id AND platform = OLD.platform
    AND cloud_location = OLD.cloud_location
    AND OLD.status IN ('PENDING', 'RUNNING', 'SUSPENDED');

-- A deleted farm role has no servers left (their foreign key); its rows, all 0 by then, go with it.
CREATE TRIGGER farm_roles_counts_delete AFTER DELETE ON farm_roles FOR EACH ROW
  DELETE FROM server_image_counts WHERE farm_role_id = OLD.id;
