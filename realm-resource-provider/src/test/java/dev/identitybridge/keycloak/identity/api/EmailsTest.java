package dev.identitybridge.keycloak.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailsTest {

    @Test
    void masksAllButTheFirstCharacterAndTheDomain() {
        assertThat(Emails.mask("alice@example.com")).isEqualTo("a***@example.com");
        assertThat(Emails.mask("a@example.com")).isEqualTo("a***@example.com");
        assertThat(Emails.mask("no-at-sign")).isEqualTo("***");
        assertThat(Emails.mask("@example.com")).isEqualTo("***");
        assertThat(Emails.mask(null)).isEqualTo("-");
        assertThat(Emails.mask(" ")).isEqualTo("-");
    }

    @Test
    void recognisesAddresses() {
        assertThat(Emails.isAddress("alice@example.com")).isTrue();
        assertThat(Emails.isAddress("first.last+tag@sub.example.co.uk")).isTrue();
        assertThat(Emails.isAddress("alice@example")).isFalse();
        assertThat(Emails.isAddress("alice@@example.com")).isFalse();
        assertThat(Emails.isAddress("alice@example..com")).isFalse();
        assertThat(Emails.isAddress("ali ce@example.com")).isFalse();
        assertThat(Emails.isAddress(null)).isFalse();
        assertThat(Emails.normalise(" Alice@Example.COM ")).isEqualTo("alice@example.com");
    }
}
