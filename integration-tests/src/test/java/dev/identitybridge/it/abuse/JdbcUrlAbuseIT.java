package dev.identitybridge.it.abuse;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link JdbcUrlAbuseSuite} on each database leg that {@code -Dit.databases} asks for, with the URL forms of the leg's driver. */
class JdbcUrlAbuseIT {

    @Nested
    @Tag("h2")
    class H2 extends JdbcUrlAbuseSuite {

        private static final String PASSWORD = "H2-Abuse-Pw-1";

        @Override
        protected String urlFor(String hostPort) {
            return "jdbc:h2:tcp://" + hostPort + "/mem:abuse";
        }

        @Override
        protected List<String> hostileUrls(String hostPort, Path h2Allowed, Path outside) {
            return List.of(
                    // INIT runs SQL when the database opens: FILE_WRITE, RUNSCRIPT, CREATE ALIAS (Java code)
                    "jdbc:h2:mem:abuse;INIT=CALL FILE_WRITE(STRINGTOUTF8('pwned'),'" + outside.resolve("init-pwned.txt")
                            + "')",
                    "jdbc:h2:file:" + h2Allowed.resolve("init") + ";INIT=RUNSCRIPT FROM '" + outside.resolve("x.sql")
                            + "'",
                    "jdbc:h2:tcp://" + hostPort
                            + "/mem:x;INIT=CREATE ALIAS EXEC AS 'String e(String c) throws Exception "
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
            return List.of(
                    outside.resolve("init-pwned.txt"),
                    h2Allowed.resolve("init.mv.db"),
                    h2Allowed.resolve("trace.trace.db"),
                    h2Allowed.resolve("trace.mv.db"),
                    h2Allowed.resolve("served.lock.db"),
                    h2Allowed.resolve("served.mv.db"),
                    outside.resolve("escape.mv.db"),
                    outside.resolve("dotdot.mv.db"),
                    Path.of(System.getProperty("user.home"), "abuse-home.mv.db"));
        }

        @Override
        protected String[] userWithPassword() throws Exception {
            db.execute("CREATE USER IF NOT EXISTS H1_ABUSE PASSWORD '" + PASSWORD + "' ADMIN");
            return new String[] {"H1_ABUSE", PASSWORD};
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends JdbcUrlAbuseSuite {

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
            return new String[] {db.user(), db.password().isEmpty() ? "Pg-Abuse-Pw-1" : db.password()};
        }
    }

    /** MariaDB Connector/J and MySQL Connector/J URL forms (both are accepted prefixes). */
    @Nested
    @Tag("mariadb")
    class MariaDb extends JdbcUrlAbuseSuite {

        private static final String PASSWORD = "Maria-Abuse-Pw-1";

        @Override
        protected String urlFor(String hostPort) {
            return "jdbc:mariadb://" + hostPort + "/abuse";
        }

        @Override
        protected List<String> hostileUrls(String hostPort, Path h2Allowed, Path outside) {
            String port = hostPort.substring(hostPort.indexOf(':') + 1);
            return List.of(
                    // a rogue server asks for any client file (LOAD DATA LOCAL INFILE)
                    "jdbc:mariadb://" + hostPort + "/abuse?allowLocalInfile=true",
                    "jdbc:mysql://" + hostPort + "/abuse?allowLoadLocalInfile=true",
                    "jdbc:mysql://" + hostPort + "/abuse?allowLoadLocalInfileInPath=/",
                    "jdbc:mysql://" + hostPort + "/abuse?allowUrlInLocalInfile=true",
                    // deserialisation and classes to load
                    "jdbc:mysql://" + hostPort + "/abuse?autoDeserialize=true"
                            + "&queryInterceptors=com.mysql.cj.jdbc.interceptors.ServerStatusDiffInterceptor",
                    "jdbc:mariadb://" + hostPort + "/abuse?socketFactory=java.lang.Object",
                    "jdbc:mysql://" + hostPort + "/abuse?logger=com.mysql.cj.log.StandardLogger&profileSQL=true",
                    // files on the Keycloak host
                    "jdbc:mariadb://" + hostPort + "/abuse?localSocket=/var/run/mysqld/mysqld.sock",
                    "jdbc:mariadb://" + hostPort + "/abuse?serverSslCert=/etc/shadow",
                    "jdbc:mysql://" + hostPort + "/abuse?clientCertificateKeyStoreUrl=file:///etc/shadow",
                    // key-value and address=(…) host forms, which carry any property past a simple host check
                    "jdbc:mysql://(host=127.0.0.1,port=" + port + ",allowLoadLocalInfile=true)/abuse",
                    "jdbc:mariadb://address=(host=127.0.0.1)(port=" + port + ")(type=primary)/abuse",
                    "jdbc:mysql://address=(host=127.0.0.1)(port=" + port + ")(allowLoadLocalInfile=true)/abuse",
                    // several hosts, replication/load-balance modes, credentials
                    "jdbc:mariadb:replication://" + hostPort + "," + hostPort + "/abuse",
                    "jdbc:mysql:loadbalance://" + hostPort + "/abuse",
                    "jdbc:mariadb://" + hostPort + ",127.0.0.1:3306/abuse",
                    "jdbc:mariadb://root:x@" + hostPort + "/abuse",
                    "jdbc:mariadb://" + hostPort + "/abuse?user=root&password=x");
        }

        @Override
        protected String[] userWithPassword() throws Exception {
            db.execute(
                    "CREATE USER IF NOT EXISTS 'h1_abuse'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'",
                    "GRANT ALL ON " + APP_DATABASE + ".* TO 'h1_abuse'@'127.0.0.1'");
            return new String[] {"h1_abuse", PASSWORD};
        }
    }
}
