-- One role mapping a replacement switched from the old image to the new one.
CREATE TABLE replacement_changes (
  replacement_id  BIGINT NOT NULL,
  role_id         BIGINT NOT NULL,
  role_name       VARCHAR(100) NOT NULL,
  platform        VARCHAR(16) NOT NULL,
  cloud_location  VARCHAR(32) NOT NULL,
  old_image_id    CHAR(36) NOT NULL,
  new_image_id    CHAR(36) NOT NULL,
  PRIMARY KEY (replacement_id, role_id, platform, cloud_location),
  CONSTRAINT replacement_changes_replacement_fk FOREIGN KEY (replacement_id) REFERENCES replacements (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
