package org.procgate.connector.cgi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * RFC 3875 section 4.4: a query string without an unencoded '=' is a list of '+'-separated
 * words that may be passed as the script's arguments. Off unless a pool enables it; then every
 * word must match the pool's pattern and may not start with '-', or no word is passed at all
 * (a query such as {@code ?-s} must never become an interpreter option).
 */
public final class SearchArguments {

    private static final Logger LOG = Logger.getLogger(SearchArguments.class.getName());

    public static final SearchArguments OFF = new SearchArguments(null);

    private final Pattern allowed;

    private SearchArguments(Pattern allowed) {
        this.allowed = allowed;
    }

    public static SearchArguments matching(String pattern) {
        return new SearchArguments(Pattern.compile(pattern));
    }

    /** The script's arguments for this query string, often none. */
    public List<String> words(String queryString) {
        if (allowed == null || queryString.isEmpty() || queryString.indexOf('=') >= 0) {
            return List.of();
        }
        List<String> words = new ArrayList<>();
        for (String raw : queryString.split("\\+", -1)) {
            String word;
            try {
                word = URLDecoder.decode(raw, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return refuse(queryString, "malformed percent-encoding");
            }
            if (word.isEmpty() || word.startsWith("-") || !allowed.matcher(word).matches()) {
                return refuse(queryString, "a word does not match the pool's searchArgumentPattern");
            }
            words.add(word);
        }
        return List.copyOf(words);
    }

    private static List<String> refuse(String queryString, String why) {
        LOG.fine(() -> "query string '" + queryString + "' not passed as arguments: " + why);
        return List.of();
    }
}
