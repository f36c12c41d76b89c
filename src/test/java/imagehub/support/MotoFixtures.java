package imagehub.support;

import imagehub.catalog.Platform;
import imagehub.provider.CloudCredentials;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ArchitectureValues;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;

/**
 * Sets up a cloud in moto in a line or two, through the real AWS SDK: AMIs, launch templates, Auto Scaling groups
 * with running instances, and what a test reads back (the image a group's launch template gives new instances).
 * <pre>
 * MotoFixtures aws = MotoFixtures.shared("eu-west-1");
 * String ami = aws.image("web-2026-12");
 * String group = aws.group("web", ami, 2);
 * </pre>
 * {@link #credentials(long)} gives the matching {@link CloudCredentials} for a provider under test. Close it to free
 * the clients.
 */
public final class MotoFixtures implements AutoCloseable {
    /** moto accepts any key when it does not enforce authentication; these look like real ones. */
    public static final String ACCESS_KEY_ID = "AKIAIMAGEHUBTEST0001";
    public static final String SECRET = "imagehubMotoSecretKey0000000000000000001";

    private final URI endpoint;
    private final String region;
    private final String accessKeyId;
    private final String secret;
    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;

    public MotoFixtures(URI endpoint, String region, String accessKeyId, String secret) {
        this.endpoint = endpoint;
        this.region = region;
        this.accessKeyId = accessKeyId;
        this.secret = secret;
        StaticCredentialsProvider login = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret));
        this.ec2 = Ec2Client.builder().endpointOverride(endpoint).region(Region.of(region)).credentialsProvider(login)
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.autoScaling = AutoScalingClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(login).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Fixtures on the JVM's shared moto ({@link Moto#endpoint()}) in {@code region}. */
    public static MotoFixtures shared(String region) {
        return new MotoFixtures(Moto.endpoint(), region, ACCESS_KEY_ID, SECRET);
    }

    public Ec2Client ec2() {
        return ec2;
    }

    public AutoScalingClient autoScaling() {
        return autoScaling;
    }

    public String region() {
        return region;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Credentials reaching this moto with these fixtures' keys, as the credentials store would hand them out. */
    public CloudCredentials credentials(long id) {
        return new CloudCredentials(id, Platform.EC2, accessKeyId, secret, null, endpoint.toString(), Instant.now());
    }

    /** One of the public x86_64 AMIs moto ships in every region. */
    public String publicAmi() {
        return ec2.describeImages(request -> request.owners("amazon")
                        .filters(Filter.builder().name("architecture").values(ArchitectureValues.X86_64.toString()).build()))
                .images().stream()
                .map(Image::imageId)
                .sorted()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("moto has no public AMI in " + region));
    }

    /** A running instance of {@code imageId}, outside any group. */
    public String instance(String imageId) {
        return ec2.runInstances(request -> request.imageId(imageId).instanceType(InstanceType.T3_MICRO)
                .minCount(1).maxCount(1)).instances().get(0).instanceId();
    }

    /** A new AMI this account owns (made from an instance, so it has a root snapshot); available at once in moto. */
    public String image(String name) {
        String instanceId = instance(publicAmi());
        return ec2.createImage(request -> request.instanceId(instanceId).name(name)
                .description("made by MotoFixtures")).imageId();
    }

    /**
     * A launch template on {@code imageId} and an Auto Scaling group named {@code name} running {@code instances}
     * instances from its default version (the way Terraform usually sets groups up). Returns the group's name.
     */
    public String group(String name, String imageId, int instances) {
        return group(name, imageId, instances, "$Default");
    }

    /** As {@link #group(String, String, int)}, the group pinned to launch template version {@code version}. */
    public String group(String name, String imageId, int instances, String version) {
        String templateId = ec2.createLaunchTemplate(request -> request.launchTemplateName(name + "-template")
                .launchTemplateData(RequestLaunchTemplateData.builder().imageId(imageId)
                        .instanceType(InstanceType.T3_MICRO).build())).launchTemplate().launchTemplateId();
        autoScaling.createAutoScalingGroup(request -> request.autoScalingGroupName(name)
                .launchTemplate(LaunchTemplateSpecification.builder().launchTemplateId(templateId).version(version).build())
                .minSize(0).maxSize(Math.max(2 * instances, 2)).desiredCapacity(instances)
                .availabilityZones(region + "a"));
        return name;
    }

    /** An Auto Scaling group on a legacy launch configuration of {@code imageId}. */
    public String groupOnLaunchConfiguration(String name, String imageId, int instances) {
        String configuration = name + "-configuration";
        autoScaling.createLaunchConfiguration(request -> request.launchConfigurationName(configuration)
                .imageId(imageId).instanceType("t3.micro"));
        autoScaling.createAutoScalingGroup(request -> request.autoScalingGroupName(name)
                .launchConfigurationName(configuration)
                .minSize(0).maxSize(Math.max(2 * instances, 2)).desiredCapacity(instances)
                .availabilityZones(region + "a"));
        return name;
    }

    public AutoScalingGroup describeGroup(String groupName) {
        return autoScaling.describeAutoScalingGroups(request -> request.autoScalingGroupNames(groupName))
                .autoScalingGroups().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no Auto Scaling group " + groupName + " in " + region));
    }

    /** The AMI new instances of the group boot: its launch template's default version's, or its launch configuration's. */
    public String groupImage(String groupName) {
        AutoScalingGroup group = describeGroup(groupName);
        if (group.launchTemplate() == null) {
            return autoScaling.describeLaunchConfigurations(request -> request
                            .launchConfigurationNames(group.launchConfigurationName()))
                    .launchConfigurations().get(0).imageId();
        }
        return ec2.describeLaunchTemplateVersions(request -> request
                        .launchTemplateId(group.launchTemplate().launchTemplateId()).versions("$Default"))
                .launchTemplateVersions().get(0).launchTemplateData().imageId();
    }

    /** The launch template versions of the group's template, oldest first. */
    public List<Long> templateVersions(String groupName) {
        String templateId = describeGroup(groupName).launchTemplate().launchTemplateId();
        return ec2.describeLaunchTemplateVersions(request -> request.launchTemplateId(templateId))
                .launchTemplateVersions().stream().map(version -> version.versionNumber()).sorted().toList();
    }

    /** The ids of the group's instances. */
    public List<String> groupInstanceIds(String groupName) {
        return describeGroup(groupName).instances().stream().map(Instance::instanceId).sorted().toList();
    }

    /** Whether moto still holds the snapshot. */
    public boolean snapshotExists(String snapshotId) {
        return ec2.describeSnapshots(request -> request.ownerIds("self")).snapshots().stream()
                .anyMatch(snapshot -> snapshot.snapshotId().equals(snapshotId));
    }

    /** The snapshots behind an AMI's block devices. */
    public List<String> imageSnapshots(String imageId) {
        return ec2.describeImages(request -> request.imageIds(imageId)).images().get(0).blockDeviceMappings().stream()
                .filter(mapping -> mapping.ebs() != null && mapping.ebs().snapshotId() != null)
                .map(mapping -> mapping.ebs().snapshotId())
                .toList();
    }

    /** An IAM user's access key: what the credentials store would hold for it. */
    public record Login(String accessKeyId, String secret, String arn) {
    }

    /**
     * An IAM user in {@code server} allowed exactly {@code actions} (e.g. "ec2:DescribeImages", or "*"), with an
     * access key; meaningful once the server {@link Moto.Server#enforceAuthAfter enforces authentication}.
     */
    public static Login iamUser(Moto.Server server, String name, String... actions) {
        String allowed = Arrays.stream(actions).map(action -> "\"" + action + "\"").collect(Collectors.joining(","));
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
                + allowed + "],\"Resource\":\"*\"}]}";
        String user = server.query("iam", "us-east-1", Map.of("Action", "CreateUser", "Version", "2010-05-08",
                "UserName", name));
        server.query("iam", "us-east-1", Map.of("Action", "PutUserPolicy", "Version", "2010-05-08", "UserName", name,
                "PolicyName", name + "-policy", "PolicyDocument", policy));
        String key = server.query("iam", "us-east-1", Map.of("Action", "CreateAccessKey", "Version", "2010-05-08",
                "UserName", name));
        return new Login(element(key, "AccessKeyId"), element(key, "SecretAccessKey"), element(user, "Arn"));
    }

    private static String element(String xml, String name) {
        Matcher matcher = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + xml);
        }
        return matcher.group(1);
    }

    @Override
    public void close() {
        ec2.close();
        autoScaling.close();
    }
}
