-- The sandbox cloud: a local cloud kept in Imagehub's own database (images and instances per location).
CREATE TABLE sandbox_images (
  cloud_location   VARCHAR(32) NOT NULL,
  cloud_image_id   VARCHAR(32) NOT NULL,
  name             VARCHAR(255) NOT NULL,
  os_id            VARCHAR(32) NOT NULL,
  state            VARCHAR(16) NOT NULL,
  source_instance  VARCHAR(32) NULL,
  created_at       DATETIME(6) NOT NULL,
  available_at     DATETIME(6) NOT NULL,
  PRIMARY KEY (cloud_location, cloud_image_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE sandbox_instances (
  instance_id      VARCHAR(32) PRIMARY KEY,
  cloud_location   VARCHAR(32) NOT NULL,
  cloud_image_id   VARCHAR(32) NOT NULL,
  state            VARCHAR(16) NOT NULL,
  launched_at      DATETIME(6) NOT NULL,
  terminated_at    DATETIME(6) NULL,
  INDEX sandbox_instances_location_idx (cloud_location, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A sandbox "scaling group" per farm role: the image its new instances launch from.
CREATE TABLE sandbox_launch_configs (
  group_name       VARCHAR(64) PRIMARY KEY,
  cloud_location   VARCHAR(32) NOT NULL,
  cloud_image_id   VARCHAR(32) NOT NULL,
  updated_at       DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
