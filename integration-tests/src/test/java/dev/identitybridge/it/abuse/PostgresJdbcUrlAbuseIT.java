package dev.identitybridge.it.abuse;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.PostgresAppDatabase;
import org.junit.jupiter.api.Tag;

import java.nio.file.Path;
import java.util.List;

@Tag("postgres")
class PostgresJdbcUrlAbuseIT extends JdbcUrlAbuseSuite {

    @Override
    protected AppDatabase createDatabase() {
        return new PostgresAppDatabase("h1_jdbc_url_abuse");
    }

    @Override
    protected String leg() {
        return "postgres";
    }

    @Override
    protected String urlFor(String hostPort) {
        return "jdbc:postgresql://" + hostPort + "/abuse";
    }

    @Override
    protected List<String> hostileUrls(String hostPort, Path h2Allowed, Path outside) {
        String base = "jdbc:postgresql://" + hostPort + "/abuse?";
        return List.of(
                // classes the driver would load and instantiate with an argument of the admin's choosing
                base + "socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext"
                        + "&socketFactoryArg=http://" + hostPort + "/beans.xml",
                base + "sslfactory=org.postgresql.ssl.SingleCertValidatingFactory&sslfactoryarg=file:/etc/passwd",
                base + "sslhostnameverifier=java.lang.Object",
                base + "sslpasswordcallback=java.lang.Object",
                base + "authenticationPluginClassName=java.lang.Object",
                // files the driver would write or read
                base + "loggerLevel=TRACE&loggerFile=" + outside.resolve("pg.log"),
                base + "sslrootcert=/etc/shadow",
                base + "sslkey=/etc/shadow",
                base + "service=other",
                base + "options=-c%20log_statement=all",
                // credentials, several hosts, other URL modes
                "jdbc:postgresql://postgres:x@" + hostPort + "/abuse",
                base + "user=postgres&password=x",
                "jdbc:postgresql://" + hostPort + ",127.0.0.1:5432/abuse?targetServerType=primary",
                "jdbc:postgresql:abuse",
                base + "sslmode=disable&sslmode=require");
    }

    @Override
    protected List<Path> filesThatMustNotExist(Path h2Allowed, Path outside) {
        return List.of(outside.resolve("pg.log"));
    }

    @Override
    protected String[] userWithPassword() {
        // the local server trusts local connections: any password is accepted, which is all this test needs
        return new String[]{db.user(), db.password().isEmpty() ? "Pg-Abuse-Pw-1" : db.password()};
    }
}
