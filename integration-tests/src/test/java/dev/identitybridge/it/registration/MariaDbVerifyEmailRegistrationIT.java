package dev.identitybridge.it.registration;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.MariaDbAppDatabase;
import org.junit.jupiter.api.Tag;

@Tag("mariadb")
class MariaDbVerifyEmailRegistrationIT extends VerifyEmailRegistrationSuite {

    @Override
    protected AppDatabase createDatabase() {
        return new MariaDbAppDatabase("verify_email_it");
    }

    @Override
    protected String leg() {
        return "mariadb";
    }
}
