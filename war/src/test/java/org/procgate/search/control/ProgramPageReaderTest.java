package org.procgate.search.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.procgate.search.entity.PageJson;

class ProgramPageReaderTest {

    private static final String ITEMS = "[{\"id\":7,\"name\":\"Zoë \\\"Z\\\" Ørsted\",\"email\":null,\"city\":\"Århus\","
            + "\"country\":\"DK\",\"born\":\"1990-02-03\"},\n {\"id\":8,\"name\":\"Ann\",\"email\":\"a@example.org\","
            + "\"city\":null,\"country\":null,\"born\":null}]";

    @Test
    void passesTheItemsOnExactlyAsTheProgramWroteThem() {
        PageJson page = ProgramPageReader.read("{\"total\":1234,\"items\":" + ITEMS + "}\n");

        assertThat(page.total()).isEqualTo(1234);
        assertThat(page.count()).isEqualTo(2);
        assertThat(page.itemsJson()).isEqualTo(ITEMS);
    }

    @Test
    void takesTheMembersInAnyOrderAndAnEmptyPage() {
        PageJson page = ProgramPageReader.read("{ \"items\" : [ ] , \"total\" : 0 }");

        assertThat(page.total()).isZero();
        assertThat(page.count()).isZero();
        assertThat(page.itemsJson()).isEqualTo("[ ]");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "[]",
            "{\"total\":1}",
            "{\"items\":[]}",
            "{\"total\":-1,\"items\":[]}",
            "{\"total\":1.5,\"items\":[]}",
            "{\"total\":\"1\",\"items\":[]}",
            "{\"total\":1,\"items\":{}}",
            "{\"total\":1,\"items\":[],\"more\":1}",
            "{\"total\":1,\"items\":[]} {}",
            "{\"total\":1,\"items\":[1]}",
            "{\"total\":1,\"items\":[[]]}",
            "{\"total\":1,\"items\":[{\"name\":\"Ann\"}]}",
            "{\"total\":1,\"items\":[{\"id\":1}]}",
            "{\"total\":1,\"items\":[{\"id\":\"1\",\"name\":\"Ann\"}]}",
            "{\"total\":1,\"items\":[{\"id\":1.5,\"name\":\"Ann\"}]}",
            "{\"total\":1,\"items\":[{\"id\":1,\"name\":null}]}",
            "{\"total\":1,\"items\":[{\"id\":1,\"name\":\"Ann\",\"city\":3}]}",
            "{\"total\":1,\"items\":[{\"id\":1,\"name\":\"Ann\",\"born\":\"3 May 1990\"}]}",
            "{\"total\":1,\"items\":[{\"id\":1,\"name\":\"Ann\",\"password\":\"x\"}]}",
            "{\"total\":1,\"items\":[{\"id\":1,\"name\":\"Ann\",\"id\":2}]}",
            "{\"total\":1,\"items\":[{\"id\":1,\"name\":\"Ann\"}",
            "Traceback (most recent call last):"
    })
    void refusesAnythingElseSayingWhy(String answer) {
        assertThatThrownBy(() -> ProgramPageReader.read(answer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(?s).{10,}");
    }
}
