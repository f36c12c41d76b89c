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

    static Moto.Server moto;
    static Login reader;
    static Login assumer;

    @BeforeAll
    static void start() {
        moto = Moto.separate();
        reader = MotoFixtures.iamUser(moto, "reader", "sts:GetCallerIdentity", "ec2:DescribeImages",
                "ec2:DescribeInstances", "autoscaling:DescribeAutoScalingGroups");
        assumer = MotoFixtures.iamUser(moto, "assumer", "sts:AssumeRole");
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
}
