package dev.identitybridge.keycloak.users.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.password.HashAlgorithm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.storage.UserStorageProvider.EditMode;

/** The write options of the component configuration: defaults, combinations that make no sense, bad values. */
class WriteSettingsConfigTest {

    private static WriteSettings parse(String... keyValues) {
        Map<String, List<String>> config = new HashMap<>();
        config.put(ConfigKeys.JDBC_URL, List.of("jdbc:h2:mem:x"));
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], List.of(keyValues[i + 1]));
        }
        return ExternalUsersConfig.parse(config).writes();
    }

    @Test
    void defaultsAreReadOnlyLikeTheFoundation() {
        WriteSettings writes = parse();
        assertThat(writes.editMode()).isEqualTo(EditMode.READ_ONLY);
        assertThat(writes.syncRegistrations()).isFalse();
        assertThat(writes.onDelete()).isEqualTo(DeleteAction.REFUSE);
        assertThat(writes.idGeneration()).isEqualTo(IdGeneration.UUID);
        assertThat(writes.rehashOnLogin()).isTrue();
        assertThat(writes.upgradesHashes())
                .as("nothing is written in READ_ONLY")
                .isFalse();
        assertThat(writes.hashing().algorithm()).isEqualTo(HashAlgorithm.ARGON2ID);
        assertThat(writes.hashing().argon2MemoryKib()).isEqualTo(19456);
    }

    @Test
    void writableWithEveryOption() {
        WriteSettings writes = parse(
                ConfigKeys.EDIT_MODE,
                "writable",
                ConfigKeys.SYNC_REGISTRATIONS,
                "true",
                ConfigKeys.ON_DELETE,
                "DISABLE",
                ConfigKeys.ID_GENERATION,
                "DATABASE",
                ConfigKeys.PASSWORD_HASH_ALGORITHM,
                "bcrypt",
                ConfigKeys.BCRYPT_COST,
                "11",
                ConfigKeys.REHASH_ON_LOGIN,
                "false");
        assertThat(writes.writable()).isTrue();
        assertThat(writes.syncRegistrations()).isTrue();
        assertThat(writes.onDelete()).isEqualTo(DeleteAction.DISABLE);
        assertThat(writes.idGeneration()).isEqualTo(IdGeneration.DATABASE);
        assertThat(writes.hashing().algorithm()).isEqualTo(HashAlgorithm.BCRYPT);
        assertThat(writes.hashing().bcryptCost()).isEqualTo(11);
        assertThat(writes.upgradesHashes()).isFalse();
    }

    @Test
    void syncRegistrationsAndDeletesNeedWritable() {
        assertThatThrownBy(() -> parse(ConfigKeys.SYNC_REGISTRATIONS, "true"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Sync registrations needs edit mode WRITABLE (it is READ_ONLY).");
        assertThatThrownBy(() -> parse(ConfigKeys.EDIT_MODE, "UNSYNCED", ConfigKeys.ON_DELETE, "DELETE"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("On delete DELETE needs edit mode WRITABLE (it is UNSYNCED).");
    }

    @Test
    void disablingOnDeleteNeedsAnEnabledColumn() {
        assertThatThrownBy(() -> parse(
                        ConfigKeys.EDIT_MODE,
                        "WRITABLE",
                        ConfigKeys.ON_DELETE,
                        "DISABLE",
                        ConfigKeys.COLUMN_ENABLED,
                        "-"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("needs an enabled column");
    }

    @Test
    void badValuesAreExplained() {
        assertThatThrownBy(() -> parse(ConfigKeys.EDIT_MODE, "SOMETIMES"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("editMode must be one of [READ_ONLY, WRITABLE, UNSYNCED].");
        assertThatThrownBy(() -> parse(ConfigKeys.PASSWORD_HASH_ALGORITHM, "md5"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("allowed values: argon2id, bcrypt");
        assertThatThrownBy(() -> parse(ConfigKeys.BCRYPT_COST, "31"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("bcrypt cost");
        assertThatThrownBy(() -> parse(ConfigKeys.ARGON2_MEMORY_KIB, "lots"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("argon2MemoryKib must be a whole number.");
    }
}
