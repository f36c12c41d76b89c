package imagehub.provider.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.support.Moto;
import imagehub.support.MotoFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The moto test support other tests build on: a group on an AMI in two lines, read back through the SDK. */
class MotoFixturesTest {
    private static MotoFixtures aws;

    @BeforeAll
    static void start() {
        Moto.reset();
        aws = MotoFixtures.shared("eu-west-1");
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void an_image_is_owned_by_the_account_and_backed_by_a_snapshot() {
        String ami = aws.image("fixture-image");
        assertTrue(ami.startsWith("ami-"), ami);
        assertFalse(aws.imageSnapshots(ami).isEmpty(), "the AMI has a root snapshot");
        assertTrue(aws.snapshotExists(aws.imageSnapshots(ami).get(0)));
    }

    @Test
    void a_group_runs_its_instances_from_the_launch_template_image() {
        String ami = aws.image("fixture-group-image");
        String group = aws.group("fixture-web", ami, 2);
        assertEquals(ami, aws.groupImage(group));
        assertEquals(2, aws.groupInstanceIds(group).size());
    }

    @Test
    void a_legacy_group_reads_its_image_from_the_launch_configuration() {
        String ami = aws.image("fixture-legacy-image");
        String group = aws.groupOnLaunchConfiguration("fixture-legacy", ami, 1);
        assertEquals(ami, aws.groupImage(group));
        assertEquals(1, aws.groupInstanceIds(group).size());
    }

    @Test
    void reset_empties_the_shared_server() {
        aws.image("fixture-before-reset");
        Moto.reset();
        assertTrue(aws.ec2().describeImages(request -> request.owners("self")).images().isEmpty());
    }
}
