package dev.identitybridge.it.registration;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.PostgresAppDatabase;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class PostgresVerifyEmailRegistrationIT extends VerifyEmailRegistrationSuite {

    @Override
    protected AppDatabase createDatabase() {
        return new PostgresAppDatabase("verify_email_it");
    }

    @Override
    protected String leg() {
        return "postgres";
    }
}
