package io.wizcamel.users.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.SettingsSchema;
import io.wizcamel.emulator.scim.ScimServiceProvider;
import io.wizcamel.http.SecretHeader;
import io.wizcamel.users.DesiredUser;
import io.wizcamel.users.DirectoryUser;
import io.wizcamel.users.UserDirectory;
import io.wizcamel.users.UserDirectoryException;
import io.wizcamel.users.UserDirectoryException.Kind;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SCIM channel against the SCIM emulator: reads, writes, groups, retries, uncertainty, and the token kept. */
class ScimUserDirectoryTest {

    static final String TOKEN = "s3cr3t-SCIM-t0ken-4711";
    static final List<String> GROUPS = List.of("wiz-role-GLOBAL_ADMIN", "wiz-role-READER", "wiz-project-p1",
            "wiz-project-p2", "wiz-project-p3", "Everyone");

    static ScimServiceProvider scim;
    static StringWriter log = new StringWriter();
    static Appender appender;
    ScimUserDirectory directory;
    final List<String> messages = new ArrayList<>();

    @BeforeAll
    static void start() {
        ScimServiceProvider.Builder b = ScimServiceProvider.builder().token(TOKEN).users(23).maxResults(4);
        GROUPS.forEach(b::group);
        scim = b.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        appender = WriterAppender.newBuilder().setName("scim-capture").setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%level %logger %msg %throwable%n").build()).build();
        appender.start();
        ctx.getConfiguration().getRootLogger().addAppender(appender, null, null);
        ctx.updateLoggers();
    }

    @AfterAll
    static void stop() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(appender.getName());
        ctx.updateLoggers();
        scim.close();
        assertFalse(log.toString().contains(TOKEN), "the token is in a log line");
    }

    @BeforeEach
    void directory() {
        directory = directory(scim.url(), TOKEN, 2);
        scim.resetCounts();
    }

    @AfterEach
    void noTokenInAnyMessage() throws Exception {
        directory.close();
        for (String m : messages) {
            assertFalse(m.contains(TOKEN), m);
        }
    }

    static ScimUserDirectory directory(String url, String token, int timeoutSeconds) {
        // page size 5 while the provider gives at most 4: the channel must follow itemsPerPage, not its count
        return new ScimUserDirectory(url, new SecretHeader("Bearer", token), 5, timeoutSeconds, "wiz-role-",
                "wiz-project-", 3, 20, 200, 60);
    }

    static DesiredUser desired(String email, String name, String role, Set<String> projects, boolean active) {
        return new DesiredUser("users.csv line 2", email, name, role, projects, active, false);
    }

    private UserDirectoryException fails(Runnable r) {
        UserDirectoryException e = assertThrows(UserDirectoryException.class, r::run);
        messages.add(e.getMessage());
        return e;
    }

    @Test
    void listsEveryUserOverSeveralPages() {
        List<DirectoryUser> all = new ArrayList<>();
        directory.forEachUser(all::add);
        int users = scim.userCount();
        assertEquals(users, all.size());
        assertEquals(users, new HashSet<>(all.stream().map(DirectoryUser::id).toList()).size(), "no user twice");
        assertEquals((users + 3) / 4, scim.requests("GET"), "4 a page, as the provider says");
        DirectoryUser first = all.stream().filter(u -> u.email().equals("user0001@example.com")).findFirst()
                .orElseThrow();
        assertEquals("User1 Seeded", first.name());
        assertTrue(first.active());
        assertNull(first.role());
        assertEquals(0, scim.writes());
    }

    @Test
    void createsAndUpdatesNameActiveRoleAndProjectsThroughGroups() {
        DirectoryUser made = directory.create(desired("ada@example.com", "Ada King Lovelace", "GLOBAL_ADMIN",
                Set.of("p1", "p2"), true));
        assertEquals("ada@example.com", made.email());
        assertEquals("Ada King Lovelace", made.name());
        assertEquals("GLOBAL_ADMIN", made.role());
        assertEquals(Set.of("p1", "p2"), made.projects());
        assertTrue(made.active());
        ObjectNode u = scim.user("ada@example.com").orElseThrow();
        assertEquals("Ada King", u.at("/name/givenName").asText());
        assertEquals("Lovelace", u.at("/name/familyName").asText());
        assertEquals("ada@example.com", u.at("/emails/0/value").asText());
        assertTrue(u.at("/emails/0/primary").asBoolean());
        assertEquals(Set.of("ada@example.com"), scim.members("wiz-role-GLOBAL_ADMIN"));
        assertEquals(1, scim.requests("POST"));
        assertEquals(3, scim.requests("PATCH"), "one PATCH /Groups per group");

        scim.addGroup("Everyone"); // an unmanaged group is left alone
        DirectoryUser found = directory.findByEmail("ADA@Example.com").orElseThrow();
        assertEquals(made, found);
        scim.resetCounts();
        DirectoryUser changed = directory.update(found, desired("ada@example.com", "Augusta Ada King", "READER",
                Set.of("p2", "p3"), false));
        assertEquals("Augusta Ada King", changed.name());
        assertEquals("READER", changed.role());
        assertEquals(Set.of("p2", "p3"), changed.projects());
        assertFalse(changed.active());
        assertEquals(Set.of(), scim.members("wiz-role-GLOBAL_ADMIN"));
        assertTrue(scim.members("wiz-role-READER").contains("ada@example.com"));
        assertEquals(Set.of(), scim.members("wiz-project-p1"));
        u = scim.user("ada@example.com").orElseThrow();
        assertFalse(u.path("active").asBoolean());
        assertEquals("Augusta Ada King", u.path("displayName").asText());
        assertEquals("Augusta Ada", u.at("/name/givenName").asText());
        // one PATCH /Users (name and active), remove from 2 groups, add to 2
        assertEquals(5, scim.requests("PATCH"));

        scim.resetCounts();
        DirectoryUser same = directory.update(changed, desired("ADA@example.com", "Augusta Ada King", "READER",
                Set.of("p3", "p2"), false));
        assertEquals(changed, same);
        assertEquals(0, scim.writes(), "nothing differs: nothing written");

        // a null role leaves the role groups alone; an empty project set removes the project groups
        directory.update(same, desired("ada@example.com", "Augusta Ada King", null, Set.of(), true));
        assertTrue(scim.members("wiz-role-READER").contains("ada@example.com"));
        assertEquals(Set.of(), scim.members("wiz-project-p2"));

        directory.delete(directory.findByEmail("ada@example.com").orElseThrow());
        assertTrue(directory.findByEmail("ada@example.com").isEmpty());
        directory.delete(same); // gone already: nothing to do
    }

    @Test
    void aDuplicateUserNameOnCreateFindsAndUpdatesInstead() {
        directory.create(desired("grace@example.com", "Grace Old", null, Set.of(), true));
        int before = scim.userCount();
        scim.resetCounts();
        DirectoryUser u = directory.create(desired("Grace@Example.com", "Grace Hopper", "READER", Set.of(), true));
        assertEquals("Grace Hopper", u.name());
        assertEquals("READER", u.role());
        assertEquals(before, scim.userCount(), "no second user");
        assertEquals(1, scim.requests("POST"));
        assertTrue(log.toString().contains("already exists"), log.toString());
    }

    @Test
    void aMissingGroupRefusesTheChangeBeforeAnyWrite() {
        UserDirectoryException e = fails(() -> directory.create(desired("nobody@example.com", "No Body", "AUDITOR",
                Set.of("p1"), true)));
        assertEquals(Kind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("nobody@example.com (users.csv line 2)"), e.getMessage());
        assertTrue(e.getMessage().contains("\"wiz-role-AUDITOR\""), e.getMessage());
        assertTrue(e.getMessage().contains("wiz.scim.role-group-prefix"), e.getMessage());
        assertEquals(0, scim.writes());
        assertTrue(scim.user("nobody@example.com").isEmpty());
    }

    @Test
    void throttlingAndServerErrorsAreRetried() {
        scim.failNext("POST", "/Users", 429, 1, 0).failNext("POST", "/Users", 503, 1, -1)
                .failNext("GET", "/Users", 502, 2, -1);
        DirectoryUser u = directory.create(desired("retry@example.com", "Re Try", null, Set.of(), true));
        assertEquals("retry@example.com", u.email());
        assertEquals(3, scim.requests("POST"));
        assertEquals(1, scim.userCount() - 23 - countOthers(), "made once");
        List<DirectoryUser> all = new ArrayList<>();
        directory.forEachUser(all::add);
        assertEquals(scim.userCount(), all.size());
        assertTrue(log.toString().contains("HTTP 429"), log.toString());
        assertTrue(log.toString().contains("retry 1 of at most 3"), log.toString());
    }

    private int countOthers() {
        int n = 0;
        for (String e : List.of("ada@example.com", "grace@example.com", "slow@example.com", "half@example.com")) {
            n += scim.user(e).isPresent() ? 1 : 0;
        }
        return n;
    }

    @Test
    void retriesEndWithGaveUp() {
        scim.failNext("PATCH", "/Users", 503, 10, -1);
        DirectoryUser some = directory.findByEmail("user0002@example.com").orElseThrow();
        UserDirectoryException e = fails(() -> directory.update(some, desired("user0002@example.com", "New Name",
                null, Set.of(), true)));
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().matches("SCIM update user user0002@example.com \\(users.csv line 2\\) \\(PATCH"
                + " /Users/[-0-9a-f]+\\): HTTP 503: .*; gave up after 4 attempts in [0-9.]+ s"), e.getMessage());
        assertEquals(4, scim.requests("PATCH"));
        scim.failNext("PATCH", "/Users", 503, 0, -1); // clear what is left
    }

    @Test
    void aCreateThatTimesOutAfterBeingMadeIsUncertainAndFoundAgain() throws Exception {
        scim.stallAfterApplying("POST", "/Users", 4000);
        UserDirectoryException e;
        try (ScimUserDirectory slow = directory(scim.url(), TOKEN, 1)) {
            e = fails(() -> slow.create(desired("slow@example.com", "Slow Poke", null, Set.of(), true)));
        }
        assertEquals(Kind.UNCERTAIN, e.kind());
        assertTrue(e.getMessage().contains("slow@example.com"), e.getMessage());
        assertTrue(e.getMessage().contains("re-read"), e.getMessage());
        assertEquals(1, scim.requests("POST"), "a write that timed out is not repeated blindly");
        DirectoryUser found = directory.findByEmail("slow@example.com").orElseThrow();
        assertEquals("Slow Poke", found.name());
        // the caller trying again meets 409 and updates the user made: still one
        directory.create(desired("slow@example.com", "Slow Poke", null, Set.of(), true));
        List<DirectoryUser> all = new ArrayList<>();
        directory.forEachUser(all::add);
        assertEquals(1, all.stream().filter(x -> x.email().equals("slow@example.com")).count());
    }

    @Test
    void refusalsNameTheUserStatusAndReason() throws Exception {
        DirectoryUser gone = new DirectoryUser("no-such-id", "gone@example.com", "Gone", null, Set.of(), true);
        UserDirectoryException e = fails(() -> directory.update(gone, desired("gone@example.com", "Gone Again", null,
                Set.of(), true)));
        assertEquals(Kind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("gone@example.com") && e.getMessage().contains("HTTP 404"),
                e.getMessage());

        try (ScimUserDirectory wrong = directory(scim.url(), "not-the-token", 2)) {
            e = fails(() -> wrong.findByEmail("user0001@example.com"));
        }
        assertEquals(Kind.FORBIDDEN, e.kind());
        assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("WIZ_SCIM_TOKEN"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-token"), e.getMessage());

        try (ScimUserDirectory nowhere = directory("http://127.0.0.1:1/scim/v2", TOKEN, 2)) {
            e = fails(() -> nowhere.findByEmail("user0001@example.com"));
        }
        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("wiz.scim.url (WIZ_SCIM_URL)"), e.getMessage());

        try (ScimUserDirectory unset = directory("", TOKEN, 2)) {
            e = fails(() -> unset.forEachUser(x -> { }));
        }
        assertTrue(e.getMessage().contains("wiz.scim.url (WIZ_SCIM_URL) is not set"), e.getMessage());
        assertFalse(directory.toString().contains(TOKEN));
    }

    @Test
    void aGroupRefusedAfterTheCreateSaysTheUserWasMade() {
        scim.failNext("PATCH", "/Groups", 403, 1, -1);
        UserDirectoryException e = fails(() -> directory.create(desired("half@example.com", "Half Made", "READER",
                Set.of(), true)));
        assertEquals(Kind.FORBIDDEN, e.kind());
        assertTrue(e.getMessage().startsWith("SCIM user half@example.com (users.csv line 2) was created (id "),
                e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 403") && e.getMessage().contains("does not let it do this"),
                e.getMessage());
        assertTrue(scim.user("half@example.com").isPresent());
        // the next apply sees the missing role and adds it
        DirectoryUser u = directory.update(directory.findByEmail("half@example.com").orElseThrow(),
                desired("half@example.com", "Half Made", "READER", Set.of(), true));
        assertEquals("READER", u.role());
    }

    @Test
    void theBeanIsBoundFromRoutesUsersScimYamlAndReadsItsTokenFromTheSettings() throws Exception {
        Main main = new Main();
        Properties p = new Properties();
        // the SCIM channel's file alone (the other files of routes/users need the whole bundle)
        p.setProperty("camel.main.routes-include-pattern", "file:routes/users/scim.yaml");
        p.setProperty("wiz.scim.url", scim.url());
        p.setProperty("wiz.scim.token", TOKEN);
        p.setProperty("wiz.scim.page-size", "50");
        main.setInitialProperties(p);
        main.start();
        try {
            UserDirectory bound = main.getCamelContext().getRegistry().lookupByNameAndType("scimUserDirectory",
                    UserDirectory.class);
            assertInstanceOf(ScimUserDirectory.class, bound);
            assertEquals("scim", bound.channel());
            assertTrue(bound.findByEmail("user0003@example.com").isPresent());
        } finally {
            main.stop();
        }
    }

    @Test
    void theSettingsAreCheckedByName() {
        Properties p = SettingsSchema.load().defaults();
        p.setProperty("wiz.api-url", "https://api.us17.app.wiz.io/graphql");
        p.setProperty("wiz.client-id", "id");
        p.setProperty("wiz.client-secret", "secret");
        ConfigCheck.check(p::getProperty, Set.of(), Map.of()); // graphql: no SCIM setting needed
        p.setProperty("wiz.users.channel", "scim");
        String m = assertThrows(IllegalArgumentException.class,
                () -> ConfigCheck.check(p::getProperty, Set.of(), Map.of())).getMessage();
        assertTrue(m.contains("wiz.scim.url (WIZ_SCIM_URL)") && m.contains("wiz.scim.token (WIZ_SCIM_TOKEN)"), m);
        p.setProperty("wiz.scim.url", "https://api.us17.app.wiz.io/scim/v2");
        p.setProperty("wiz.scim.token", TOKEN);
        p.setProperty("wiz.scim.project-group-prefix", "wiz-role-");
        m = assertThrows(IllegalArgumentException.class,
                () -> ConfigCheck.check(p::getProperty, Set.of(), Map.of())).getMessage();
        assertTrue(m.contains("wiz.scim.role-group-prefix and wiz.scim.project-group-prefix"), m);
        assertFalse(m.contains(TOKEN), m);
        p.setProperty("wiz.scim.project-group-prefix", "wiz-project-");
        ConfigCheck.check(p::getProperty, Set.of(), Map.of());
    }
}
