package org.procgate.connector.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.procgate.connector.settings.CgiSettings;

class SearchArgumentsTest {

    private final SearchArguments on = SearchArguments.matching(CgiSettings.defaults().searchArgumentPattern());

    @Test
    void offPassesNothing() {
        assertThat(SearchArguments.OFF.words("a+b")).isEmpty();
    }

    @Test
    void wordsAreSplitOnPlusAndDecodedOnce() {
        assertThat(on.words("a+b%2Ec+%2541")).isEmpty(); // "%41" has '%', not in the pattern
        assertThat(on.words("a+b%2Ec")).containsExactly("a", "b.c");
    }

    @Test
    void anyBadWordMeansNoWords() {
        assertThat(on.words("a+-x")).isEmpty();
        assertThat(on.words("a++b")).isEmpty();
        assertThat(on.words("a+%3B")).isEmpty();
        assertThat(on.words("a+%zz")).isEmpty();
        assertThat(on.words("x=1")).isEmpty();
        assertThat(on.words("")).isEmpty();
    }
}
