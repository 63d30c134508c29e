package org.procgate.search.entity;

import java.util.Locale;

/** The path a search takes: a FastCGI worker, a CGI process, or plain JDBC (the baseline). */
public enum Via {
    FASTCGI, CGI, DIRECT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Via parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
