package org.procgate.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseCredentialsTest {

    @Test
    void generatedPasswordsAreUrlSafeAndDiffer() {
        String password = DatabaseCredentials.generatePassword();

        assertThat(password).matches("[A-Za-z0-9_-]{24}");
        assertThat(DatabaseCredentials.generatePassword()).isNotEqualTo(password);
    }

    @Test
    void pgPassFieldsEscapeColonAndBackslash() {
        assertThat(DatabaseCredentials.pgPassLine("procgate", "a:b\\c")).isEqualTo("*:*:*:procgate:a\\:b\\\\c");
        assertThat(DatabaseCredentials.pgPassLine("procgate", "plain-Pass_1")).isEqualTo("*:*:*:procgate:plain-Pass_1");
    }
}
