package imagehub.catalog;

import java.util.List;
import java.util.Optional;

/** One entry of the OS catalog: {@code ubuntu-22-04} is family {@code ubuntu}, version {@code 22.04}. */
public record OperatingSystem(String id, String family, String version, String name) {
    public static final List<OperatingSystem> CATALOG = List.of(
            new OperatingSystem("ubuntu-20-04", "ubuntu", "20.04", "Ubuntu 20.04 LTS"),
            new OperatingSystem("ubuntu-22-04", "ubuntu", "22.04", "Ubuntu 22.04 LTS"),
            new OperatingSystem("ubuntu-24-04", "ubuntu", "24.04", "Ubuntu 24.04 LTS"),
            new OperatingSystem("debian-11", "debian", "11", "Debian 11 (bullseye)"),
            new OperatingSystem("debian-12", "debian", "12", "Debian 12 (bookworm)"),
            new OperatingSystem("rocky-8", "rocky", "8", "Rocky Linux 8"),
            new OperatingSystem("rocky-9", "rocky", "9", "Rocky Linux 9"),
            new OperatingSystem("rhel-9", "rhel", "9", "Red Hat Enterprise Linux 9"),
            new OperatingSystem("amazonlinux-2", "amazonlinux", "2", "Amazon Linux 2"),
            new OperatingSystem("amazonlinux-2023", "amazonlinux", "2023", "Amazon Linux 2023"),
            new OperatingSystem("alinux-3", "alinux", "3", "Alibaba Cloud Linux 3"),
            new OperatingSystem("windows-2019", "windows", "2019", "Windows Server 2019"),
            new OperatingSystem("windows-2022", "windows", "2022", "Windows Server 2022"));

    public static Optional<OperatingSystem> find(String id) {
        return CATALOG.stream().filter(os -> os.id.equals(id)).findFirst();
    }
}
