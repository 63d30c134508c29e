package org.procgate.search.entity;

import java.util.Locale;

/** The field {@code q} is matched against; each has an indexed lower-case key column. */
public enum SearchField {
    NAME, EMAIL, CITY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SearchField parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
