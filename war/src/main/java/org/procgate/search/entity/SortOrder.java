package org.procgate.search.entity;

/** The order of the results; ties always go by id, so paging never repeats or skips a record. */
public enum SortOrder {
    ID("id"), ID_DESC("-id"), NAME("name"), NAME_DESC("-name"), BORN("born"), BORN_DESC("-born");

    /** Every accepted value of the {@code sort} parameter, as a regular expression. */
    public static final String WIRE_PATTERN = "-?(id|name|born)";

    private final String wireName;

    SortOrder(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static SortOrder parse(String text) {
        for (SortOrder order : values()) {
            if (order.wireName.equals(text)) {
                return order;
            }
        }
        throw new IllegalArgumentException("unknown sort order " + text);
    }
}
