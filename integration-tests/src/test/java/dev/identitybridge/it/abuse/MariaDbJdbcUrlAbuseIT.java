package dev.identitybridge.it.abuse;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.MariaDbAppDatabase;
import org.junit.jupiter.api.Tag;

import java.nio.file.Path;
import java.util.List;

/** MariaDB Connector/J and MySQL Connector/J URL forms (both are accepted prefixes). */
@Tag("mariadb")
class MariaDbJdbcUrlAbuseIT extends JdbcUrlAbuseSuite {

    private static final String DATABASE = "h1_jdbc_url_abuse";
    private static final String PASSWORD = "Maria-Abuse-Pw-1";

    @Override
    protected AppDatabase createDatabase() {
        return new MariaDbAppDatabase(DATABASE);
    }

    @Override
    protected String leg() {
        return "mariadb";
    }

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
        db.execute("CREATE USER IF NOT EXISTS 'h1_abuse'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'",
                "GRANT ALL ON " + DATABASE + ".* TO 'h1_abuse'@'127.0.0.1'");
        return new String[]{"h1_abuse", PASSWORD};
    }
}
