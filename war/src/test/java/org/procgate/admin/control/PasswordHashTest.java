package org.procgate.admin.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void aHashMatchesItsPasswordOnlyAndSurvivesItsWrittenForm() {
        PasswordHash hash = PasswordHash.of("correct horse".toCharArray());
        String encoded = hash.encoded();
        assertThat(encoded).startsWith("pbkdf2-sha256$600000$").doesNotContain("correct horse");
        PasswordHash read = PasswordHash.parse(encoded);
        assertThat(read).isEqualTo(hash);
        assertThat(read.matches("correct horse".toCharArray())).isTrue();
        assertThat(read.matches("correct horse ".toCharArray())).isFalse();
        assertThat(read.matches(new char[0])).isFalse();
    }

    @Test
    void theSamePasswordGetsAnotherSaltEachTime() {
        assertThat(PasswordHash.of("secret".toCharArray()).encoded()).isNotEqualTo(PasswordHash.of("secret".toCharArray()).encoded());
    }

    @Test
    void aHashFromElsewhereWithItsOwnCostIsRead() {
        // made with 20000 iterations: the cost travels with the hash
        PasswordHash hash = new PasswordHash(20_000, new byte[16], new byte[32]);
        assertThat(PasswordHash.parse(hash.encoded()).iterations()).isEqualTo(20_000);
    }

    @Test
    void malformedHashesAreRefusedWithoutRepeatingThem() {
        for (String wrong : new String[] {"secret", "pbkdf2-sha256$600000$abc", "pbkdf2-sha1$600000$AAAAAAAAAAA$AAAA",
                "pbkdf2-sha256$many$AAAAAAAAAAA$AAAA", "pbkdf2-sha256$10$AAAAAAAAAAAAAAAAAAAAAA$" + "A".repeat(43)}) {
            assertThatThrownBy(() -> PasswordHash.parse(wrong)).isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
        }
        assertThat(PasswordHash.isEncoded("secret")).isFalse();
    }
}
