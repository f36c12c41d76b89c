package imagehub.provider.sandbox;

import imagehub.catalog.Platform;
import imagehub.provider.CloudCredentials;
import imagehub.provider.CloudModule;
import imagehub.provider.CloudProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/** The sandbox platform: two local regions, {@code sbx-} image ids, no credentials. */
public final class SandboxModule implements CloudModule {
    public static final List<String> REGIONS = List.of("sandbox-east-1", "sandbox-west-1");
    public static final Pattern IMAGE_ID = Pattern.compile("^sbx-[0-9a-f]{8,17}$");
    private static final Traits TRAITS = new Traits(Platform.SANDBOX, REGIONS, IMAGE_ID,
            "sbx- and 8 to 17 lower-case hex digits, e.g. sbx-00000001", false);

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration imageDelay;

    public SandboxModule(Jdbi jdbi, Clock clock, Duration imageDelay) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.imageDelay = imageDelay;
    }

    @Override
    public Traits traits() {
        return TRAITS;
    }

    @Override
    public SandboxCloud connect(CloudCredentials credentials, String region) {
        return new SandboxCloud(jdbi, clock, imageDelay, region);
    }

    /** The sandbox in {@code region}, for the scaler and the demo, which need no credentials. */
    public SandboxCloud in(String region) {
        return connect(null, region);
    }
}
