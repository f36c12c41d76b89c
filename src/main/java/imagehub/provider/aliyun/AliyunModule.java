package imagehub.provider.aliyun;

import imagehub.catalog.Platform;
import imagehub.provider.CloudCredentials;
import imagehub.provider.CloudModule;
import imagehub.provider.CloudProvider;
import imagehub.provider.ProviderException;
import java.util.List;
import java.util.regex.Pattern;

/** Alibaba Cloud ECS: its public regions, {@code m-} image ids, providers on the ECS V2 SDK and ESS RPC calls. */
public final class AliyunModule implements CloudModule {
    public static final List<String> REGIONS = List.of(
            "cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-huhehaote", "cn-wulanchabu",
            "cn-hangzhou", "cn-shanghai", "cn-nanjing", "cn-fuzhou", "cn-shenzhen", "cn-heyuan", "cn-guangzhou",
            "cn-chengdu", "cn-wuhan-lr", "cn-hongkong",
            "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-3", "ap-southeast-5",
            "ap-southeast-6", "ap-southeast-7",
            "us-east-1", "us-west-1", "na-south-1", "eu-central-1", "eu-west-1", "me-east-1", "me-central-1");
    public static final Pattern IMAGE_ID = Pattern.compile("^m-[0-9a-z]{1,60}$");

    @Override
    public Platform platform() {
        return Platform.ALIYUN;
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
        return "m- and lower-case letters and digits, e.g. m-bp1g7004ksh0oeuc9lbb";
    }

    @Override
    public boolean needsCredentials() {
        return true;
    }

    @Override
    public CloudProvider connect(CloudCredentials credentials, String region) {
        throw new ProviderException(ProviderException.Kind.UNSUPPORTED, "The Alibaba Cloud provider is being built");
    }
}
