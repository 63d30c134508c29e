package org.procgate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    private static final Path DEFAULT_DIR = Path.of("target", "db");

    @Test
    void unsetPropertiesTakeTheDefaults() {
        DatabaseSettings settings = DatabaseSettings.fromProperties(name -> null, DEFAULT_DIR);

        assertThat(settings).isEqualTo(new DatabaseSettings(DEFAULT_DIR, 15436, 15435, 100_000, 42L));
        assertThat(DatabaseSettings.defaults(DEFAULT_DIR)).isEqualTo(settings);
    }

    @Test
    void propertiesOverrideTheDefaults() {
        Map<String, String> properties = Map.of(
                "procgate.db.dir", "/srv/procgate/db",
                "procgate.db.tcpPort", "0",
                "procgate.db.pgPort", " 25435 ",
                "procgate.db.records", "2000",
                "procgate.db.seed", "-7");

        DatabaseSettings settings = DatabaseSettings.fromProperties(properties::get, DEFAULT_DIR);

        assertThat(settings).isEqualTo(new DatabaseSettings(Path.of("/srv/procgate/db"), 0, 25435, 2000, -7L));
    }

    @Test
    void aBadValueNamesThePropertyAndWhatItShouldBe() {
        assertThatThrownBy(() -> DatabaseSettings.fromProperties(Map.of("procgate.db.tcpPort", "http")::get, DEFAULT_DIR))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("procgate.db.tcpPort='http'")
                .hasMessageContaining("not a number")
                .hasMessageContaining("0 for any free port");
        assertThatThrownBy(() -> DatabaseSettings.fromProperties(Map.of("procgate.db.pgPort", "70000")::get, DEFAULT_DIR))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("procgate.db.pgPort='70000'")
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> DatabaseSettings.fromProperties(Map.of("procgate.db.records", "-1")::get, DEFAULT_DIR))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("procgate.db.records='-1'");
        assertThatThrownBy(() -> DatabaseSettings.fromProperties(Map.of("procgate.db.seed", "1.5")::get, DEFAULT_DIR))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("procgate.db.seed='1.5'");
        assertThatThrownBy(() -> DatabaseSettings.fromProperties(Map.of("procgate.db.dir", "bad\0dir")::get, DEFAULT_DIR))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("procgate.db.dir");
    }

    @Test
    void theConstructorRejectsImpossiblePorts() {
        assertThatThrownBy(() -> new DatabaseSettings(DEFAULT_DIR, -1, 0, 10, 1))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("procgate.db.tcpPort");
    }
}
