package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One dialect's URL parameter rules as a value, and the check of a URL's parameters against them. */
class UrlParameterRulesTest {

    private static final UrlParameterRules RULES = UrlParameterRules.of(
            "sslmode", Pattern.compile("require|disable"),
            "ApplicationName", Pattern.compile("[a-z]{1,8}"));

    @Test
    void namesMatchCaseInsensitivelyAndAreListedInCaseInsensitiveOrder() {
        assertThat(RULES.valuePattern("SSLMODE")).isPresent();
        assertThat(RULES.valuePattern("applicationname")).isPresent();
        assertThat(RULES.valuePattern("loggerFile")).isEmpty();
        assertThat(RULES.allowedNames()).isEqualTo("ApplicationName, sslmode");
        assertThat(RULES.valuePatterns()).isUnmodifiable();
    }

    @Test
    void checkKeepsTheParametersInUrlOrder() {
        Map<String, String> parameters = RULES.check("sslmode=require;ApplicationName=kc", ';', "Some");
        assertThat(List.copyOf(parameters.keySet())).containsExactly("sslmode", "ApplicationName");
        assertThat(parameters).containsEntry("ApplicationName", "kc");
        assertThat(RULES.check("", '&', "Some")).isEmpty();
    }

    @Test
    void checkRefusesWithoutEchoingAValue() {
        assertThatThrownBy(() -> RULES.check("loggerFile=/tmp/x", '&', "Some"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("JDBC URL refused: parameter 'loggerFile' is not allowed in a Some URL (allowed: "
                        + "ApplicationName, sslmode).");
        assertThatThrownBy(() -> RULES.check("sslmode=Secr3t", '&', "Some"))
                .hasMessage("JDBC URL refused: the value of parameter 'sslmode' is not accepted.");
        assertThatThrownBy(() -> RULES.check("sslmode=require&SSLMODE=disable", '&', "Some"))
                .hasMessage("JDBC URL refused: parameter 'SSLMODE' is given twice.");
        assertThatThrownBy(() -> RULES.check("sslmode", '&', "Some"))
                .hasMessage("JDBC URL refused: parameters must be name=value pairs separated by '&'.");
        assertThatThrownBy(() -> RULES.check("pwd=Secr3t", ';', "Some"))
                .hasMessageStartingWith("JDBC URL refused: credentials in the URL (pwd=)")
                .hasMessageNotContaining("Secr3t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "USERNAME", "password", "sslPasswordCallback", "Pwd"})
    void credentialNames(String name) {
        assertThat(UrlParameterRules.isCredential(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sslmode", "userinfo", "currentSchema"})
    void otherNames(String name) {
        assertThat(UrlParameterRules.isCredential(name)).isFalse();
    }
}
