package imagehub.updatetask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.catalog.Platform;
import imagehub.credentials.CredentialService;
import imagehub.farm.Farm;
import imagehub.farm.FarmRole;
import imagehub.farm.FarmService;
import imagehub.farm.Server;
import imagehub.image.Image;
import imagehub.image.ImageService;
import imagehub.role.Role;
import imagehub.support.AliyunFake;
import imagehub.support.Fixtures;
import imagehub.support.Moto;
import imagehub.support.MotoFixtures;
import imagehub.support.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Update tasks on real clouds' APIs, the real SDK clients answered by moto (AWS) and the Alibaba wire-level fake: a
 * task whose source is an instance of a bound scaling group snapshots it into a new image in that cloud, registers
 * it, and the group's launch template (AWS) / scaling configuration (Alibaba) boots the new image afterwards.
 */
class UpdateTaskCloudTest {
    private static final String AWS_REGION = "us-east-1";
    private static final String ALI_REGION = "cn-hangzhou";

    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().with("IMAGEHUB_SCALER_INTERVAL_MS", "3600000")
            .with("IMAGEHUB_TASK_POLL_INTERVAL_MS", "3600000");

    private static MotoFixtures moto;
    private static AliyunFake aliyun;
    private static TaskWorld world;

    @BeforeAll
    static void setUp() {
        moto = MotoFixtures.shared(AWS_REGION);
        aliyun = AliyunFake.start();
        world = new TaskWorld(app.context());
        world.ctx.credentials.create(world.alice, world.acmeDev, new CredentialService.CredentialInput(
                Fixtures.unique("aws"), "ec2", MotoFixtures.ACCESS_KEY_ID, MotoFixtures.SECRET, null,
                Moto.endpoint().toString(), List.of(AWS_REGION)));
        world.ctx.credentials.create(world.alice, world.acmeDev, new CredentialService.CredentialInput(
                Fixtures.unique("ali"), "aliyun", aliyun.accessKeyId(), aliyun.accessKeySecret(), null,
                aliyun.endpoint(), List.of(ALI_REGION)));
    }

    @AfterAll
    static void tearDown() {
        aliyun.close();
    }

    @Test
    void on_aws_a_task_snapshots_a_group_instance_into_an_ami_and_the_groups_launch_template_boots_it() {
        Image old = register(Platform.EC2, AWS_REGION, moto.image(Fixtures.unique("ami")));
        Role role = world.fixtures.roleUsing(world.alice, world.acmeDev, old);
        String group = moto.group(Fixtures.unique("asg"), old.cloudImageId(), 1);
        Bound bound = bind(role, Platform.EC2, AWS_REGION, group);

        Execution run = runInto(bound);
        Image built = world.image(run.imageId());
        assertEquals(run.imageName(), moto.ec2().describeImages(r -> r.imageIds(built.cloudImageId())).images().get(0)
                .name(), "the AMI was created in the cloud under the run's name");
        eventually("the group's launch template boots the new AMI", () -> built.cloudImageId().equals(
                moto.groupImage(group)));
    }

    @Test
    void on_alibaba_a_task_snapshots_a_group_instance_into_an_image_and_the_scaling_configuration_boots_it() {
        Image old = register(Platform.ALIYUN, ALI_REGION, aliyun.image(ALI_REGION, Fixtures.unique("old")));
        Role role = world.fixtures.roleUsing(world.alice, world.acmeDev, old);
        String group = aliyun.scalingGroup(ALI_REGION, Fixtures.unique("ess"), old.cloudImageId(), 1);
        Bound bound = bind(role, Platform.ALIYUN, ALI_REGION, group);

        Execution run = runInto(bound);
        Image built = world.image(run.imageId());
        assertTrue(aliyun.imageExists(built.cloudImageId()), "the image was created in the cloud");
        assertTrue(aliyun.actions().contains("CreateImage"), aliyun.actions().toString());
        eventually("the scaling configuration boots the new image", () -> built.cloudImageId().equals(
                aliyun.configurationImage(group)));
        assertTrue(aliyun.actions().contains("ModifyScalingConfiguration"));
    }

    /** A farm role of {@code role} bound to the cloud's scaling group, and one of the group's instances as a server. */
    private record Bound(Role role, FarmRole farmRole, Server server) {
    }

    private static Bound bind(Role role, Platform platform, String region, String group) {
        Farm farm = world.ctx.farms.create(world.alice, world.acmeDev.id(),
                new FarmService.FarmInput(Fixtures.unique("cloud-farm"), "", null));
        FarmRole farmRole = world.ctx.farms.addFarmRole(world.alice, farm.id(), new FarmService.FarmRoleInput(role.id(),
                platform.id(), region, 0, 2, null, group, null));
        world.ctx.inventory.syncNow(world.alice, farm.id());
        Server server = world.ctx.farms.servers(world.alice, farm.id()).stream().filter(Server::active).findFirst()
                .orElseThrow(() -> new AssertionError("the sync found the group's instance"));
        return new Bound(role, farmRole, server);
    }

    /** Runs a "now" task from the bound group's instance into its farm role; returns the finished run. */
    private static Execution runInto(Bound bound) {
        TaskInput input = new TaskInput("bake", bound.server().id(), "baked", TaskInput.REGISTER_ENVIRONMENT,
                List.of(TaskInput.Target.farmRole(bound.farmRole().id())), false, TaskInput.Timing.now(), null);
        UpdateTask task = world.ctx.updateTasks.create(world.alice, world.acmeDev.id(), input);
        Execution run = world.await(task.lastExecution().id());
        assertEquals(Execution.SUCCEEDED, run.status(), () -> run.cause() + " " + run.steps());
        assertEquals(run.imageId(), world.fixtures.imageOf(bound.role(), bound.server().cloudLocation()));
        TaskWorld.Lineage lineage = world.lineage(run.imageId());
        assertEquals(bound.server().id(), lineage.sourceServerId());
        assertEquals(bound.server().imageId(), lineage.parentImageId());
        return run;
    }

    private static Image register(Platform platform, String region, String cloudImageId) {
        return world.ctx.images.register(world.alice, world.acmeDev, new ImageService.NewImage(platform.id(), region,
                cloudImageId, Fixtures.unique("img"), "", "ubuntu-22-04", "x86_64", true, 8));
    }

    private static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
