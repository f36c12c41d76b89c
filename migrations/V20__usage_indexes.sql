-- Index paths for the usage explorer at 1M servers: start from the few deprecated or old images and reach
-- their servers through servers_image_status_farm_idx (covering the per-farm counts); count a scope's
-- servers per farm role and image.
CREATE INDEX images_deprecated_created_idx ON images (deprecated, created_at);
CREATE INDEX images_created_idx ON images (created_at);
CREATE INDEX servers_status_farm_role_image_idx ON servers (status, farm_role_id, image_id);
CREATE INDEX servers_image_status_farm_idx ON servers (image_id, status, farm_id);
