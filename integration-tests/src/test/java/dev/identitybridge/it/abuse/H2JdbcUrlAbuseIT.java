package dev.identitybridge.it.abuse;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.H2AppDatabase;
import org.junit.jupiter.api.Tag;

import java.nio.file.Path;
import java.util.List;

@Tag("h2")
class H2JdbcUrlAbuseIT extends JdbcUrlAbuseSuite {

    private static final String PASSWORD = "H2-Abuse-Pw-1";

    @Override
    protected AppDatabase createDatabase() throws Exception {
        return new H2AppDatabase();
    }

    @Override
    protected String leg() {
        return "h2";
    }

    @Override
    protected String urlFor(String hostPort) {
        return "jdbc:h2:tcp://" + hostPort + "/mem:abuse";
    }

    @Override
    protected List<String> hostileUrls(String hostPort, Path h2Allowed, Path outside) {
        return List.of(
                // INIT runs SQL when the database opens: FILE_WRITE, RUNSCRIPT, CREATE ALIAS (Java code)
                "jdbc:h2:mem:abuse;INIT=CALL FILE_WRITE(STRINGTOUTF8('pwned'),'" + outside.resolve("init-pwned.txt") + "')",
                "jdbc:h2:file:" + h2Allowed.resolve("init") + ";INIT=RUNSCRIPT FROM '" + outside.resolve("x.sql") + "'",
                "jdbc:h2:tcp://" + hostPort + "/mem:x;INIT=CREATE ALIAS EXEC AS 'String e(String c) throws Exception "
                        + "{ return new String(Runtime.getRuntime().exec(c).getInputStream().readAllBytes()); }'",
                "jdbc:h2:tcp://" + hostPort + "/mem:x;INIT=RUNSCRIPT",
                // settings that write files or open sockets on the Keycloak host
                "jdbc:h2:file:" + h2Allowed.resolve("trace") + ";TRACE_LEVEL_FILE=3",
                "jdbc:h2:file:" + h2Allowed.resolve("traced") + ";TRACE_LEVEL_SYSTEM_OUT=3",
                "jdbc:h2:file:" + h2Allowed.resolve("served") + ";AUTO_SERVER=TRUE",
                "jdbc:h2:file:" + h2Allowed.resolve("unlocked") + ";FILE_LOCK=NO",
                // files outside the operator's directory, other file systems, Keycloak's own in-memory database
                "jdbc:h2:file:" + outside.resolve("escape"),
                "jdbc:h2:file:" + h2Allowed.resolve("../h2-outside/dotdot"),
                "jdbc:h2:~/abuse-home",
                "jdbc:h2:zip:" + outside.resolve("db.zip") + "!/x",
                "jdbc:h2:split:" + outside.resolve("split"),
                "jdbc:h2:mem:keycloakdb",
                // credentials and several servers
                "jdbc:h2:tcp://sa:x@" + hostPort + "/mem:x",
                "jdbc:h2:tcp://" + hostPort + ",127.0.0.1:9092/mem:x",
                "jdbc:h2:tcp://" + hostPort + "/mem:x;USER=sa;PASSWORD=x");
    }

    @Override
    protected List<Path> filesThatMustNotExist(Path h2Allowed, Path outside) {
        return List.of(outside.resolve("init-pwned.txt"), h2Allowed.resolve("init.mv.db"), h2Allowed.resolve("trace.trace.db"),
                h2Allowed.resolve("trace.mv.db"), h2Allowed.resolve("served.lock.db"), h2Allowed.resolve("served.mv.db"),
                outside.resolve("escape.mv.db"), outside.resolve("dotdot.mv.db"),
                Path.of(System.getProperty("user.home"), "abuse-home.mv.db"));
    }

    @Override
    protected String[] userWithPassword() throws Exception {
        db.execute("CREATE USER IF NOT EXISTS H1_ABUSE PASSWORD '" + PASSWORD + "' ADMIN");
        return new String[]{"H1_ABUSE", PASSWORD};
    }
}
