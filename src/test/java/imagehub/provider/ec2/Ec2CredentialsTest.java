package imagehub.provider.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.catalog.Platform;
import imagehub.provider.CloudCredentials;
import imagehub.provider.CloudProvider;
import imagehub.provider.CloudProvider.ConnectionCheck;
import imagehub.provider.ProviderException;
import imagehub.provider.ProviderException.Kind;
import imagehub.support.Moto;
import imagehub.support.MotoFixtures;
import imagehub.support.MotoFixtures.Login;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Credentials as AWS judges them: a moto of its own that checks signatures and IAM policies (moto's enforced
 * authentication), with IAM users and a role made for the test.
 */
class Ec2CredentialsTest {
    static final String REGION = "us-east-1";
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/imagehub-operator";
    static final String UNKNOWN_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";

    /** The IAM policy the README gives operators: exactly the actions {@link Ec2Provider} calls. */
    static final String[] POLICY_ACTIONS = {
            "ec2:DescribeImages", "ec2:CreateImage", "ec2:CopyImage", "ec2:DeregisterImage", "ec2:DeleteSnapshot",
            "ec2:EnableImageDeprecation", "ec2:DisableImageDeprecation", "ec2:DescribeInstances",
            "ec2:TerminateInstances", "ec2:RunInstances", "ec2:DescribeLaunchTemplates",
            "ec2:DescribeLaunchTemplateVersions", "ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate",
            "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeLaunchConfigurations", "autoscaling:CreateLaunchConfiguration",
            "autoscaling:DeleteLaunchConfiguration", "autoscaling:UpdateAutoScalingGroup",
            "autoscaling:TerminateInstanceInAutoScalingGroup", "autoscaling:StartInstanceRefresh",
            "autoscaling:DescribeInstanceRefreshes", "autoscaling:CancelInstanceRefresh", "iam:PassRole"};

    static Moto.Server moto;
    static Login reader;
    static Login assumer;
    static Login operator;
    static MotoFixtures admin;

    @BeforeAll
    static void start() {
        moto = Moto.separate();
        reader = MotoFixtures.iamUser(moto, "reader", "sts:GetCallerIdentity", "ec2:DescribeImages",
                "ec2:DescribeInstances", "autoscaling:DescribeAutoScalingGroups");
        assumer = MotoFixtures.iamUser(moto, "assumer", "sts:AssumeRole");
        operator = MotoFixtures.iamUser(moto, "operator", POLICY_ACTIONS);
        Login setup = MotoFixtures.iamUser(moto, "setup", "*");
        admin = new MotoFixtures(moto.endpoint(), REGION, setup.accessKeyId(), setup.secret());
        moto.query("iam", REGION, Map.of("Action", "CreateRole", "Version", "2010-05-08", "RoleName",
                "imagehub-operator", "AssumeRolePolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                        + "\"Allow\",\"Principal\":{\"AWS\":\"" + assumer.arn() + "\"},\"Action\":"
                        + "\"sts:AssumeRole\"}]}"));
        moto.query("iam", REGION, Map.of("Action", "PutRolePolicy", "Version", "2010-05-08", "RoleName",
                "imagehub-operator", "PolicyName", "everything", "PolicyDocument", "{\"Version\":\"2012-10-17\","
                        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
        moto.enforceAuthAfter(0);
    }

    @AfterAll
    static void stop() {
        admin.close();
        moto.close();
    }

    static CloudProvider provider(String accessKeyId, String secret, String roleArn) {
        return new Ec2Module().connect(new CloudCredentials(1, Platform.EC2, accessKeyId, secret, roleArn,
                moto.endpoint().toString(), Instant.now()), REGION);
    }

    @Test
    void unknown_credentials_are_auth_failed_and_the_secret_never_shows() {
        CloudProvider provider = provider("AKIAUNKNOWN000000000", UNKNOWN_SECRET, null);

        ProviderException error = assertThrows(ProviderException.class, provider::listOwnImages);

        assertEquals(Kind.AUTH_FAILED, error.kind(), error.getMessage());
        assertEquals("CloudAuthFailed", error.code());
        assertFalse(error.getMessage().contains(UNKNOWN_SECRET));
        assertFalse(error.toString().contains(UNKNOWN_SECRET));
    }

    @Test
    void a_wrong_secret_for_a_real_key_is_auth_failed() {
        String wrong = reader.secret().substring(1) + "x";

        ProviderException error = assertThrows(ProviderException.class,
                () -> provider(reader.accessKeyId(), wrong, null).listScalingGroups());

        assertEquals(Kind.AUTH_FAILED, error.kind());
        assertFalse(error.getMessage().contains(wrong));
    }

    @Test
    void the_connection_test_with_bad_credentials_stops_at_the_credentials() {
        List<ConnectionCheck> checks = provider("AKIAUNKNOWN000000000", UNKNOWN_SECRET, null).testConnection();

        assertFalse(checks.get(0).ok());
        assertTrue(checks.get(0).message().startsWith("AWS did not accept the credentials"), checks.get(0).message());
        assertTrue(checks.subList(1, checks.size()).stream()
                .allMatch(check -> !check.ok() && check.message().equals("Not tried: the credentials did not work")),
                checks.toString());
        assertTrue(checks.stream().noneMatch(check -> check.message().contains(UNKNOWN_SECRET)));
    }

    @Test
    void a_user_without_a_permission_is_told_which_one() {
        CloudProvider provider = provider(reader.accessKeyId(), reader.secret(), null);

        List<ConnectionCheck> checks = provider.testConnection();

        assertEquals(new ConnectionCheck("Credentials", true, "Credentials accepted as " + reader.arn()), checks.get(0));
        assertEquals(List.of(true, true, true, true, false), checks.stream().map(ConnectionCheck::ok).toList(),
                checks.toString());
        assertEquals("ec2:DescribeLaunchTemplates is not allowed for these credentials", checks.get(4).message());
        ProviderException denied = assertThrows(ProviderException.class,
                () -> provider.copyImageFrom("us-west-2", "ami-00000001", "copy"));
        assertEquals(Kind.ACCESS_DENIED, denied.kind());
        assertEquals("ec2:CopyImage is not allowed for these credentials", denied.getMessage());
    }

    @Test
    void with_a_role_arn_the_provider_acts_as_the_assumed_role() {
        CloudProvider provider = provider(assumer.accessKeyId(), assumer.secret(), ROLE_ARN);

        List<ConnectionCheck> checks = provider.testConnection();

        assertTrue(checks.stream().allMatch(ConnectionCheck::ok), checks.toString());
        assertTrue(checks.get(0).message().contains(":assumed-role/imagehub-operator/imagehub"),
                checks.get(0).message());
    }

    @Test
    void a_role_the_keys_may_not_assume_is_access_denied_naming_sts_assume_role() {
        CloudProvider provider = provider(reader.accessKeyId(), reader.secret(), ROLE_ARN);

        ProviderException error = assertThrows(ProviderException.class, provider::listScalingGroups);

        assertEquals(Kind.ACCESS_DENIED, error.kind());
        assertTrue(error.getMessage().startsWith("sts:AssumeRole is not allowed"), error.getMessage());
    }

    @Test
    void the_documented_policy_allows_every_call_the_provider_makes() {
        String old = admin.image("policy-old");
        String fresh = admin.image("policy-new");
        String templateGroup = admin.group("policy-web", old, 2, "1");
        String legacyGroup = admin.groupOnLaunchConfiguration("policy-legacy", old, 1);
        CloudProvider provider = provider(operator.accessKeyId(), operator.secret(), null);

        assertTrue(provider.testConnection().stream().allMatch(ConnectionCheck::ok));
        assertTrue(provider.describeImage(old).isPresent());
        assertFalse(provider.listOwnImages().isEmpty());
        String made = provider.createImageFromInstance(admin.instance(old), "policy-made").cloudImageId();
        new Ec2Module().connect(new CloudCredentials(1, Platform.EC2, operator.accessKeyId(), operator.secret(), null,
                moto.endpoint().toString(), Instant.now()), "us-west-2").copyImageFrom(REGION, made, "policy-copy");
        provider.deleteImage(made);
        assertTrue(provider.listScalingGroups().stream().map(CloudProvider.ScalingGroup::id).toList()
                .containsAll(List.of(templateGroup, legacyGroup)));
        provider.applyImage(templateGroup, fresh);
        provider.applyImage(legacyGroup, fresh);
        assertEquals(fresh, provider.describeScalingGroup(templateGroup).orElseThrow().cloudImageId());
        assertEquals(fresh, provider.describeScalingGroup(legacyGroup).orElseThrow().cloudImageId());
        List<CloudProvider.CloudInstance> instances = provider.groupInstances(templateGroup);
        provider.terminateInstance(instances.get(0).instanceId());
        provider.terminateInstance(admin.instance(old));
        // moto 5.2.1 checks the permission of these, then fails them as unimplemented: anything but a denial.
        for (Runnable unimplemented : List.<Runnable>of(
                () -> provider.setImageDeprecation(fresh, Instant.now().plusSeconds(86_400)),
                () -> provider.setImageDeprecation(fresh, null),
                () -> provider.startRollingUpdate(templateGroup, 90))) {
            ProviderException error = assertThrows(ProviderException.class, unimplemented::run);
            assertTrue(error.kind() != Kind.ACCESS_DENIED && error.kind() != Kind.AUTH_FAILED, error.getMessage());
        }
    }

    @Test
    void keys_without_a_permission_of_the_policy_are_denied_it_by_name() {
        String group = admin.group("denied-refresh-web", admin.image("denied-refresh"), 1);

        ProviderException error = assertThrows(ProviderException.class,
                () -> provider(reader.accessKeyId(), reader.secret(), null).startRollingUpdate(group, 90));

        assertEquals(Kind.ACCESS_DENIED, error.kind());
        assertEquals("autoscaling:StartInstanceRefresh is not allowed for these credentials", error.getMessage());
    }
}
