package org.procgate.connector.settings;

import java.util.Locale;

/** How a pool runs its program. */
public enum PoolKind {
    /** Warm worker processes spoken to over FastCGI. */
    FASTCGI,
    /** One process per request, CGI/1.1 (RFC 3875). */
    CGI;

    public static PoolKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("kind must be 'fastcgi' or 'cgi', not '" + text + "'");
        }
    }
}
