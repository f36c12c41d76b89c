package imagehub.provider.ec2;

import imagehub.catalog.Platform;
import imagehub.provider.CloudCredentials;
import imagehub.provider.CloudModule;
import imagehub.provider.CloudProvider;
import imagehub.provider.ProviderException;
import java.util.List;
import java.util.regex.Pattern;

/** Amazon EC2: its public regions, {@code ami-} image ids, providers on the AWS SDK for Java v2. */
public final class Ec2Module implements CloudModule {
    public static final List<String> REGIONS = List.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "af-south-1",
            "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
            "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
            "ap-southeast-6", "ap-southeast-7",
            "ca-central-1", "ca-west-1",
            "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
            "eu-west-1", "eu-west-2", "eu-west-3",
            "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1");
    public static final Pattern IMAGE_ID = Pattern.compile("^ami-([0-9a-f]{8}|[0-9a-f]{17})$");

    @Override
    public Platform platform() {
        return Platform.EC2;
    }

    @Override
    public List<String> regions() {
        return REGIONS;
    }

    @Override
    public boolean isImageId(String cloudImageId) {
        return cloudImageId != null && IMAGE_ID.matcher(cloudImageId).matches();
    }

    @Override
    public String imageIdHint() {
        return "ami- and 8 or 17 lower-case hex digits, e.g. ami-0abc1234";
    }

    @Override
    public boolean needsCredentials() {
        return true;
    }

    @Override
    public CloudProvider connect(CloudCredentials credentials, String region) {
        throw new ProviderException(ProviderException.Kind.UNSUPPORTED, "The EC2 provider is being built");
    }
}
