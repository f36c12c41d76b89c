package imagehub.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagehub.access.ForbiddenException;
import imagehub.access.NotFoundException;
import imagehub.access.Viewer;
import imagehub.audit.AuditRecord;
import imagehub.catalog.Platform;
import imagehub.core.ConflictException;
import imagehub.core.ScopeRef;
import imagehub.core.ValidationException;
import imagehub.credentials.CredentialService.CredentialInput;
import imagehub.provider.CloudCredentials;
import imagehub.support.Fixtures;
import imagehub.support.People;
import imagehub.support.TestApp;
import imagehub.user.UserService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CredentialServiceTest {
    @RegisterExtension
    static final TestApp app = new TestApp().withDemo().withoutScheduler();

    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static CredentialService credentials;
    private static Fixtures fx;
    private static Viewer admin;
    private static Viewer alice;
    private static Viewer bob;
    private static Viewer carol;
    private static Viewer devAdmin;
    private static ScopeRef acme;
    private static ScopeRef acmeDev;
    private static ScopeRef acmeProd;
    private static ScopeRef globex;

    @BeforeAll
    static void wire() {
        credentials = app.context().credentials;
        fx = new Fixtures(app.context());
        People people = new People(app.context());
        admin = people.viewer(TestApp.ADMIN);
        alice = people.viewer("alice@example.com");
        bob = people.viewer("bob@example.com");
        carol = people.viewer("carol@example.com");
        acme = people.account("acme");
        acmeDev = people.env("acme", "acme-dev");
        acmeProd = people.env("acme", "acme-prod");
        globex = people.account("globex");
        app.context().users.createUser(admin, acmeDev,
                new UserService.NewMember("dave@example.com", "Dave (acme-dev admin)", "dave-password-1", "admin"));
        devAdmin = people.viewer("dave@example.com");
    }

    static CredentialInput aws(String name) {
        return new CredentialInput(name, "ec2", "AKIAIOSFODNN7EXAMPLE", SECRET, null, null, List.of("eu-west-1"));
    }

    @Test
    void credentials_are_created_with_the_secret_sealed_and_an_audit_entry_without_it() {
        long mark = fx.auditMark();
        Credential created = credentials.create(alice, acme, new CredentialInput(" prod-aws ", "ec2",
                "AKIAIOSFODNN7EXAMPLE", SECRET, "arn:aws:iam::123456789012:role/imagehub", "https://ec2.example.com",
                List.of("eu-west-1", "us-east-1", "eu-west-1")));
        assertEquals("prod-aws", created.name());
        assertEquals(acme, created.scope());
        assertEquals(Platform.EC2, created.platform());
        assertEquals("****EKEY", created.maskedSecret());
        assertEquals(List.of("eu-west-1", "us-east-1"), created.defaultRegions());
        assertEquals("alice@example.com", created.createdBy());

        Map<String, Object> row = app.context().jdbi.withHandle(h -> h.createQuery(
                "SELECT * FROM cloud_credentials WHERE id = :id").bind("id", created.id()).mapToMap().one());
        assertFalse(row.values().stream().anyMatch(v -> v != null && v.toString().contains(SECRET)));
        assertEquals("EKEY", row.get("secret_last4"));
        assertEquals(SECRET, app.context().secrets.open((String) row.get("secret_sealed")));

        List<AuditRecord> entries = fx.auditSince(mark);
        assertEquals(1, entries.size());
        assertEquals("cloud-credentials.create", entries.get(0).action());
        assertTrue(entries.get(0).afterJson().contains("****EKEY"));
        assertFalse(entries.get(0).afterJson().contains(SECRET));
    }

    @Test
    void every_field_is_checked_and_all_errors_come_at_once() {
        ValidationException e = assertThrows(ValidationException.class, () -> credentials.create(alice, acme,
                new CredentialInput("", "ec2", "akia-lower", "short", "arn:aws:iam::12:role/x", "ftp://host",
                        List.of("mars-north-1"))));
        assertEquals(Set.of("name", "accessKeyId", "secretAccessKey", "roleArn", "endpoint", "defaultRegions"),
                e.errors().keySet());
        assertFalse(e.getMessage().contains("short"));
    }

    @Test
    void platform_specific_shapes_are_checked_per_platform() {
        assertEquals(Set.of("cloudPlatform"), assertThrows(ValidationException.class,
                () -> credentials.create(alice, acme, new CredentialInput("x", "sandbox", "AKIAIOSFODNN7EXAMPLE",
                        SECRET, null, null, List.of()))).errors().keySet());
        ValidationException aliyun = assertThrows(ValidationException.class, () -> credentials.create(alice, acme,
                new CredentialInput("x", "aliyun", "LTAI5t-dash", SECRET, "arn:aws:iam::123456789012:role/imagehub",
                        null, List.of("us-east-2"))));
        assertEquals(Set.of("accessKeyId", "roleArn", "defaultRegions"), aliyun.errors().keySet());
        Credential ok = credentials.create(alice, acme, new CredentialInput(Fixtures.unique("ali"), "aliyun",
                "LTAI5tExampleKey1234", "abcdefghijklmnopqrstuvwxyz1234", "acs:ram::1234567890123456:role/imagehub",
                "http://localhost:8080", List.of("cn-hangzhou")));
        assertEquals("****1234", ok.maskedSecret());
        assertEquals("http://localhost:8080", ok.endpoint());
    }

    @Test
    void a_name_is_unique_per_scope_but_may_repeat_below() {
        String name = Fixtures.unique("dup");
        credentials.create(alice, acme, aws(name));
        ConflictException clash = assertThrows(ConflictException.class, () -> credentials.create(alice, acme, aws(name)));
        assertEquals("UnicityViolation", clash.code());
        assertEquals("name", clash.field());
        assertEquals(name, credentials.create(alice, acmeDev, aws(name)).name());
    }

    @Test
    void an_update_with_a_blank_secret_keeps_it_and_the_platform_never_changes() {
        Credential created = credentials.create(alice, acmeProd, aws(Fixtures.unique("upd")));
        Credential renamed = credentials.update(alice, acmeProd, created.id(), new CredentialInput("renamed-" + created.id(),
                null, "AKIAIOSFODNN7OTHERXX", "  ", null, null, List.of("us-east-2")));
        assertEquals("****EKEY", renamed.maskedSecret());
        assertEquals("AKIAIOSFODNN7OTHERXX", renamed.accessKeyId());
        assertEquals(List.of("us-east-2"), renamed.defaultRegions());
        String sealed = app.context().jdbi.withHandle(h -> h.createQuery(
                "SELECT secret_sealed FROM cloud_credentials WHERE id = :id").bind("id", created.id()).mapTo(String.class).one());
        assertEquals(SECRET, app.context().secrets.open(sealed));

        Credential resealed = credentials.update(alice, acmeProd, created.id(), new CredentialInput(renamed.name(), "ec2",
                renamed.accessKeyId(), "another-secret-of-40-characters-ZZZZ9876", null, null, List.of()));
        assertEquals("****9876", resealed.maskedSecret());
        ValidationException platform = assertThrows(ValidationException.class, () -> credentials.update(alice, acmeProd,
                created.id(), new CredentialInput(renamed.name(), "aliyun", "LTAI5tExampleKey1234", "", null, null, List.of())));
        assertTrue(platform.errors().containsKey("cloudPlatform"));
    }

    @Test
    void an_environment_lists_its_account_credentials_but_only_account_admins_change_them() {
        Credential shared = credentials.create(alice, acme, aws(Fixtures.unique("shared")));
        Credential own = credentials.create(devAdmin, acmeDev, aws(Fixtures.unique("own")));
        List<Long> listed = credentials.list(devAdmin, acmeDev).stream().map(Credential::id).toList();
        assertTrue(listed.contains(shared.id()) && listed.contains(own.id()));
        assertTrue(listed.indexOf(own.id()) < listed.indexOf(shared.id()));
        assertFalse(credentials.list(alice, acmeProd).stream().anyMatch(c -> c.id() == own.id()));
        assertEquals(shared.id(), credentials.get(devAdmin, acmeDev, shared.id()).id());
        assertThrows(ForbiddenException.class, () -> credentials.update(devAdmin, acmeDev, shared.id(), aws(shared.name())));
        assertThrows(ForbiddenException.class, () -> credentials.delete(devAdmin, acmeDev, shared.id()));
        assertThrows(NotFoundException.class, () -> credentials.list(devAdmin, acme));
        assertThrows(NotFoundException.class, () -> credentials.get(alice, acmeProd, own.id()));
    }

    @Test
    void only_admins_of_the_scope_see_credentials_and_other_tenants_get_not_found() {
        Credential created = credentials.create(alice, acme, aws(Fixtures.unique("rights")));
        assertThrows(ForbiddenException.class, () -> credentials.list(bob, acmeDev));
        assertThrows(ForbiddenException.class, () -> credentials.get(bob, acmeDev, created.id()));
        assertThrows(NotFoundException.class, () -> credentials.list(carol, acme));
        assertThrows(NotFoundException.class, () -> credentials.get(carol, acme, created.id()));
        assertThrows(NotFoundException.class, () -> credentials.get(admin, globex, created.id()));
        assertThrows(NotFoundException.class, () -> credentials.delete(admin, globex, created.id()));
        assertThrows(NotFoundException.class, () -> credentials.list(admin, ScopeRef.GLOBAL));
    }

    @Test
    void deleting_is_refused_while_something_uses_the_credentials() {
        Credential used = credentials.create(alice, acmeProd, aws(Fixtures.unique("used")));
        credentials.registerUsage((h, c) -> c.id() == used.id()
                ? List.of(new CredentialUsage.Use("farm role", "1", "web in shop-prod", acmeProd),
                        new CredentialUsage.Use("farm role", "2", "api in globex-api", ScopeRef.environment(99999)))
                : List.of());
        ConflictException refused = assertThrows(ConflictException.class,
                () -> credentials.delete(alice, acmeProd, used.id()));
        assertEquals("ObjectInUse", refused.code());
        assertTrue(refused.getMessage().contains("farm role web in shop-prod"), refused.getMessage());
        assertTrue(refused.getMessage().contains("1 farm role in scopes you cannot see"), refused.getMessage());
        assertFalse(refused.getMessage().contains("globex-api"));

        Credential unused = credentials.create(alice, acmeProd, aws(Fixtures.unique("unused")));
        long mark = fx.auditMark();
        credentials.delete(alice, acmeProd, unused.id());
        assertThrows(NotFoundException.class, () -> credentials.get(alice, acmeProd, unused.id()));
        assertEquals("cloud-credentials.delete", fx.auditSince(mark).get(0).action());
    }

    @Test
    void a_scope_holding_credentials_is_not_deleted() {
        var env = app.context().scopeService.createEnvironment(admin, acme.id(), Fixtures.unique("holder"));
        Credential held = credentials.create(alice, env.scope(), aws("held"));
        ConflictException refused = assertThrows(ConflictException.class,
                () -> app.context().scopeService.deleteEnvironment(admin, env.id()));
        assertTrue(refused.getMessage().contains("1 cloud credentials"), refused.getMessage());
        credentials.delete(alice, env.scope(), held.id());
    }

    @Test
    void the_connector_uses_the_environment_own_credentials_before_the_account_ones() {
        ScopeRef env = app.context().scopeService.createEnvironment(admin, globex.id(), Fixtures.unique("conn")).scope();
        CredentialConnector connector = (CredentialConnector) app.context().connector;
        ConflictException none = assertThrows(ConflictException.class,
                () -> connector.connect(env, Platform.ALIYUN, "cn-hangzhou", null));
        assertEquals("NoCloudCredentials", none.code());
        assertTrue(none.getMessage().contains("Settings → Cloud credentials"), none.getMessage());

        Credential account = credentials.create(admin, globex, new CredentialInput(Fixtures.unique("acct"), "aliyun",
                "LTAI5tExampleKey1234", SECRET, null, null, List.of()));
        assertEquals(List.of(account.id()), ids(credentials.usableIn(env, Platform.ALIYUN)));
        assertEquals(account.id(), resolved(env, null));

        Credential own = credentials.create(admin, env, new CredentialInput("own", "aliyun", "LTAI5tExampleKey5678",
                SECRET, null, null, List.of()));
        assertEquals(own.id(), resolved(env, null));
        assertEquals(account.id(), resolved(env, account.id()));
        assertEquals(List.of(own.id(), account.id()), ids(credentials.usableIn(env, Platform.ALIYUN)));
        assertEquals(List.of(), ids(credentials.usableIn(env, Platform.EC2)));

        Credential second = credentials.create(admin, env, new CredentialInput("second", "aliyun",
                "LTAI5tExampleKey9999", SECRET, null, null, List.of()));
        ConflictException ambiguous = assertThrows(ConflictException.class,
                () -> connector.connect(env, Platform.ALIYUN, "cn-hangzhou", null));
        assertEquals("CloudCredentialsAmbiguous", ambiguous.code());
        assertTrue(ambiguous.getMessage().contains("name one with cloudCredentials"));
        assertEquals(second.id(), resolved(env, second.id()));

        Credential elsewhere = credentials.create(alice, acme, aws(Fixtures.unique("elsewhere")));
        ValidationException foreign = assertThrows(ValidationException.class,
                () -> connector.connect(env, Platform.EC2, "eu-west-1", elsewhere.id()));
        assertTrue(foreign.errors().containsKey("cloudCredentials"));
        assertThrows(ValidationException.class, () -> connector.connect(env, Platform.EC2, "eu-west-1", own.id()));
        assertEquals("sandbox-east-1", connector.connect(env, Platform.SANDBOX, "sandbox-east-1", null).region());
    }

    /** The id of the credentials the connector picks, checking that it unseals their secret. */
    private static long resolved(ScopeRef env, Long named) {
        CloudCredentials picked = ((CredentialConnector) app.context().connector).credentialsFor(env, Platform.ALIYUN, named);
        assertEquals(SECRET, picked.secret());
        return picked.id();
    }

    private static List<Long> ids(List<CredentialChoice> choices) {
        return choices.stream().map(CredentialChoice::id).toList();
    }
}
