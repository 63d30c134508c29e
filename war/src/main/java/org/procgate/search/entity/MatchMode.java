package org.procgate.search.entity;

import java.util.Locale;

/** How {@code q} matches its field: anywhere in it, or at its start (which an index serves). */
public enum MatchMode {
    SUBSTRING, PREFIX;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MatchMode parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
