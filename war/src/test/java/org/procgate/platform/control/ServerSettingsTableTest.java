package org.procgate.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The README's "Server settings" table and {@link ServerSetting} describe the same properties, defaults and variables. */
class ServerSettingsTableTest {

    private static final Pattern PROPERTY = Pattern.compile("`(procgate\\.[A-Za-z.]+)`");

    private static List<String> rows() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int at = readme.indexOf("\n### Server settings (system properties)\n");
        assertThat(at).isPositive();
        int table = readme.indexOf("| property | default | meaning |", at);
        return readme.substring(table, readme.indexOf("\n\n", table)).lines().skip(2).toList();
    }

    @Test
    void everySettingHasItsRowWithItsDefaultAndVariable() throws IOException {
        List<String> rows = rows();
        for (ServerSetting setting : ServerSetting.values()) {
            String row = rows.stream().filter(r -> r.split("\\|")[1].contains("`" + setting.property() + "`")).findFirst()
                    .orElseThrow(() -> new AssertionError("README has no row for " + setting.property()));
            setting.defaultValue().ifPresent(value -> assertThat(row.split("\\|")[2]).as(setting.property())
                    .contains("`" + value + "`"));
            setting.variable().ifPresent(variable -> assertThat(row).as(setting.property()).contains("`" + variable + "`"));
        }
    }

    @Test
    void everyApplicationPropertyOfTheTableIsASetting() throws IOException {
        List<String> known = Arrays.stream(ServerSetting.values()).map(ServerSetting::property).toList();
        for (String row : rows()) {
            Matcher names = PROPERTY.matcher(row.split("\\|")[1]);
            while (names.find()) {
                String name = names.group(1);
                if (!name.startsWith("procgate.db.") && !name.equals("procgate.home")) {
                    assertThat(known).as("README property " + name).contains(name);
                }
            }
        }
    }
}
