package imagehub.catalog;

import java.util.List;

/**
 * The sandbox cloud's public base images, present in every sandbox location (like a cloud's public
 * AMIs). Demo data registers them; the sandbox provider serves them.
 */
public record SandboxImage(String cloudImageId, String osId, String description, int sizeGb) {
    public static final List<SandboxImage> BASE_IMAGES = List.of(
            new SandboxImage("sbx-00000001", "ubuntu-22-04", "Ubuntu 22.04 LTS base, build 2024-01", 8),
            new SandboxImage("sbx-00000002", "ubuntu-22-04", "Ubuntu 22.04 LTS base, build 2024-09 (newer)", 8),
            new SandboxImage("sbx-00000003", "ubuntu-24-04", "Ubuntu 24.04 LTS base", 8),
            new SandboxImage("sbx-00000004", "debian-12", "Debian 12 base", 8),
            new SandboxImage("sbx-00000005", "rocky-9", "Rocky Linux 9 base", 10),
            new SandboxImage("sbx-00000006", "windows-2022", "Windows Server 2022 base", 30));

    public static SandboxImage get(String cloudImageId) {
        return BASE_IMAGES.stream().filter(i -> i.cloudImageId.equals(cloudImageId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sandbox base image " + cloudImageId));
    }
}
