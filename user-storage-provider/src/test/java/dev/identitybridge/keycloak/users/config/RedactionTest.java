package dev.identitybridge.keycloak.users.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every form in which the four drivers take a credential from a URL, masked before anything is logged. */
class RedactionTest {

    private static final String SECRET = "S3cr3t-Pw";
    private static final String LOGIN = "app_login";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jdbc:postgresql://app_login:S3cr3t-Pw@db:5432/app",
                "jdbc:postgresql://db:5432/app?user=app_login&password=S3cr3t-Pw",
                "jdbc:postgresql://db:5432/app?sslmode=require&password=S3cr3t-Pw&user=app_login",
                "jdbc:postgresql://db/app?sslpassword=S3cr3t-Pw&user=app_login",
                "jdbc:mysql://app_login:S3cr3t-Pw@db:3306/app",
                "jdbc:mysql://app_login@db:3306/app?password=S3cr3t-Pw",
                "jdbc:mysql://(host=db,port=3306,user=app_login,password=S3cr3t-Pw)/app",
                "jdbc:mysql://(host=db,port=3306,user='app_login',password='S3cr3t-Pw')/app",
                "jdbc:mysql://address=(host=db)(port=3306)(user=app_login)(password=S3cr3t-Pw)/app",
                "jdbc:mysql://db/app?trustCertificateKeyStorePassword=S3cr3t-Pw&user=app_login",
                "jdbc:mariadb://db:3306/app?user=app_login&password=S3cr3t-Pw",
                "jdbc:mariadb://app_login:S3cr3t-Pw@db/app",
                "jdbc:mariadb://address=(host=db)(port=3306)(type=primary)(user=app_login)(password=S3cr3t-Pw)/app",
                "jdbc:mariadb://db1,app_login:S3cr3t-Pw@db2/app",
                "jdbc:h2:tcp://db/app;USER=app_login;PASSWORD=S3cr3t-Pw",
                "jdbc:h2:file:./data/app;user=app_login;password=S3cr3t-Pw;MODE=PostgreSQL",
                "jdbc:h2:tcp://app_login:S3cr3t-Pw@db/app",
                "jdbc:postgresql://db/app?user = app_login & password = S3cr3t-Pw",
                "jdbc:postgresql://db/app?PWD=S3cr3t-Pw&USERNAME=app_login",
                "jdbc:mysql://db/app?password=\"S3cr3t-Pw\"&user=\"app_login\"",
            })
    void everyCredentialFormIsMasked(String url) {
        assertThat(Redaction.jdbcUrl(url)).doesNotContain(SECRET).doesNotContain(LOGIN);
        assertThat(Redaction.secrets(url))
                .doesNotContain(SECRET)
                .doesNotContain(LOGIN)
                .contains(Redaction.MASK);
        assertThat(Redaction.secrets("Connection failed for " + url + ": refused"))
                .doesNotContain(SECRET)
                .endsWith(" refused");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jdbc:postgresql://db.internal:5432/app",
                "jdbc:h2:file:./data/app",
                "jdbc:mariadb://[::1]:3306/app"
            })
    void urlsWithoutCredentialsStayReadable(String url) {
        assertThat(Redaction.jdbcUrl(url)).isEqualTo(url);
        assertThat(Redaction.secrets(url)).isEqualTo(url);
    }

    @org.junit.jupiter.api.Test
    void parametersAreLeftOutOfLoggedUrls() {
        assertThat(Redaction.jdbcUrl("jdbc:postgresql://db/app?sslmode=require&loggerFile=/tmp/x"))
                .isEqualTo("jdbc:postgresql://db/app?…");
        assertThat(Redaction.jdbcUrl("jdbc:h2:tcp://db/app;MODE=MySQL")).isEqualTo("jdbc:h2:tcp://db/app?…");
        assertThat(Redaction.jdbcUrl(null)).isNull();
        assertThat(Redaction.secrets(null)).isNull();
    }
}
