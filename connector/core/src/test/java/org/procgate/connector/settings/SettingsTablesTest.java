package org.procgate.connector.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The README's settings tables are the settings as {@link PoolSetting} defines them, row for row. */
class SettingsTablesTest {

    @ParameterizedTest
    @CsvSource({
            "COMMON, Connector settings (one pool)",
            "FASTCGI, FastCGI settings",
            "CGI, CGI settings"})
    void theReadmeTableIsTheDefinition(PoolSetting.Section section, String heading) {
        String readme = ProjectFiles.read("README.md");
        int at = readme.indexOf("\n### " + heading + "\n");
        assertThat(at).as("README section " + heading).isPositive();
        int table = readme.indexOf("| property | default | meaning |", at);
        int end = readme.indexOf("\n\n", table);
        assertThat(readme.substring(table, end + 1))
                .as("README's " + heading + " table; PoolSetting.table(" + section + ") gives the rows to paste")
                .isEqualTo(PoolSetting.table(section));
    }
}
