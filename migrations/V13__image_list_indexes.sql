-- Index paths for the filtered image list at 100k+ images: each visible scope is walked separately,
-- filtered by platform + OS or by deprecation, in name order.
CREATE INDEX images_scope_platform_os_name_idx ON images (scope_level, scope_id, platform, os_id, name);
CREATE INDEX images_scope_deprecated_name_idx ON images (scope_level, scope_id, deprecated, name);
CREATE INDEX images_scope_cloud_id_idx ON images (scope_level, scope_id, cloud_image_id);
