CREATE TABLE role_images (
  role_id         BIGINT NOT NULL,
  platform        VARCHAR(16) NOT NULL,
  cloud_location  VARCHAR(32) NOT NULL,
  image_id        CHAR(36) NOT NULL,
  PRIMARY KEY (role_id, platform, cloud_location),
  INDEX role_images_image_idx (image_id, role_id),
  CONSTRAINT role_images_role_fk FOREIGN KEY (role_id) REFERENCES roles (id),
  CONSTRAINT role_images_image_fk FOREIGN KEY (image_id) REFERENCES images (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
