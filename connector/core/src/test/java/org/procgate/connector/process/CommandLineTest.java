package org.procgate.connector.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void wordsSplitOnWhitespaceWithQuotesAndEscapes() {
        assertThat(CommandLine.split("  /usr/bin/python3   app.py --bind {socket} "))
                .containsExactly("/usr/bin/python3", "app.py", "--bind", "{socket}");
        assertThat(CommandLine.split("prog 'two words' \"and $more\" a\\ b ''"))
                .containsExactly("prog", "two words", "and $more", "a b", "");
    }

    @Test
    void shellSyntaxStaysData() {
        assertThat(CommandLine.split("prog ; rm -rf / && $(x) `y` | z"))
                .containsExactly("prog", ";", "rm", "-rf", "/", "&&", "$(x)", "`y`", "|", "z");
    }

    @Test
    void unbalancedQuotesAreRefused() {
        assertThatThrownBy(() -> CommandLine.split("prog 'open")).hasMessageContaining("unbalanced quote");
    }

    @Test
    void placeholdersExpandFromTheLookupWithDefaults() {
        Map<String, String> values = Map.of("procgate.home", "/opt/procgate");
        assertThat(CommandLine.expand("${procgate.home}/samples/${missing:x}/z", values::get))
                .isEqualTo("/opt/procgate/samples/x/z");
        assertThatThrownBy(() -> CommandLine.expand("${nowhere}", values::get))
                .hasMessageContaining("nowhere").hasMessageContaining("NOWHERE");
    }

    @Test
    void assignmentsParse() {
        assertThat(CommandLine.parseAssignments("A=1; B = two words ;\nC=x=y"))
                .containsExactly(Map.entry("A", "1"), Map.entry("B", "two words"), Map.entry("C", "x=y"));
        assertThatThrownBy(() -> CommandLine.parseAssignments("novalue")).hasMessageContaining("NAME=value");
    }
}
