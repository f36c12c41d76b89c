package imagehub.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The clouds Imagehub knows: their public regions and the shape of their image ids. */
public enum Platform {
    EC2("ec2", "Amazon EC2", "ami- and 8 or 17 lower-case hex digits, e.g. ami-0abc1234",
            "^ami-([0-9a-f]{8}|[0-9a-f]{17})$", List.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "af-south-1",
            "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
            "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
            "ap-southeast-6", "ap-southeast-7",
            "ca-central-1", "ca-west-1",
            "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
            "eu-west-1", "eu-west-2", "eu-west-3",
            "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1")),
    ALIYUN("aliyun", "Alibaba Cloud ECS", "m- and lower-case letters and digits, e.g. m-bp1g7004ksh0oeuc9lbb",
            "^m-[0-9a-z]{1,60}$", List.of(
            "cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-huhehaote", "cn-wulanchabu",
            "cn-hangzhou", "cn-shanghai", "cn-nanjing", "cn-fuzhou", "cn-shenzhen", "cn-heyuan", "cn-guangzhou",
            "cn-chengdu", "cn-wuhan-lr", "cn-hongkong",
            "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-3", "ap-southeast-5",
            "ap-southeast-6", "ap-southeast-7",
            "us-east-1", "us-west-1", "na-south-1", "eu-central-1", "eu-west-1", "me-east-1", "me-central-1")),
    SANDBOX("sandbox", "Sandbox (local demo cloud)", "sbx- and 8 to 17 lower-case hex digits, e.g. sbx-00000001",
            "^sbx-[0-9a-f]{8,17}$", List.of("sandbox-east-1", "sandbox-west-1"));

    private final String id;
    private final String label;
    private final String imageIdHint;
    private final Pattern imageIdPattern;
    private final List<String> regions;

    Platform(String id, String label, String imageIdHint, String imageIdPattern, List<String> regions) {
        this.id = id;
        this.label = label;
        this.imageIdHint = imageIdHint;
        this.imageIdPattern = Pattern.compile(imageIdPattern);
        this.regions = regions;
    }

    /** The name used in URLs, the API and the database: {@code ec2}, {@code aliyun}, {@code sandbox}. */
    @JsonValue
    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public List<String> regions() {
        return regions;
    }

    public boolean hasRegion(String region) {
        return region != null && regions.contains(region);
    }

    public boolean isImageId(String cloudImageId) {
        return cloudImageId != null && imageIdPattern.matcher(cloudImageId).matches();
    }

    /** What a valid image id of this platform looks like, for error messages and forms. */
    public String imageIdHint() {
        return imageIdHint;
    }

    public static Optional<Platform> find(String id) {
        for (Platform platform : values()) {
            if (platform.id.equals(id)) {
                return Optional.of(platform);
            }
        }
        return Optional.empty();
    }
}
