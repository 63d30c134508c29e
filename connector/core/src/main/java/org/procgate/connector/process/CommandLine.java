package org.procgate.connector.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a configured command string into an argument vector without any shell: words are split
 * on whitespace, single or double quotes group words, a backslash escapes the next character.
 * Configuration placeholders {@code ${name}} or {@code ${name:default}} are expanded from system
 * properties (then from the environment variable {@code NAME} with dots as underscores), so one
 * configuration file serves every checkout. Request data never passes through here.
 */
public final class CommandLine {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(?::([^}]*))?}");

    private CommandLine() {
    }

    /** Splits a command string into words. */
    public static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\\' && quote != '\'' && i + 1 < command.length()) {
                word.append(command.charAt(++i));
                inWord = true;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced quote in command: " + command);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Expands {@code ${name}} placeholders from system properties and the environment. */
    public static String expand(String text) {
        return expand(text, CommandLine::lookup);
    }

    static String expand(String text, UnaryOperator<String> lookup) {
        if (text == null || text.indexOf("${") < 0) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = lookup.apply(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw new IllegalArgumentException("configuration refers to ${" + m.group(1)
                        + "}, which is neither a system property nor the environment variable "
                        + environmentName(m.group(1)) + "; set one of them or give a default as ${"
                        + m.group(1) + ":default}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Parses {@code NAME=value} entries separated by semicolons or newlines. */
    public static Map<String, String> parseAssignments(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        if (text == null) {
            return result;
        }
        for (String entry : text.split("[;\\n]")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("environment entry '" + trimmed + "' is not NAME=value");
            }
            result.put(trimmed.substring(0, eq).trim(), expand(trimmed.substring(eq + 1).trim()));
        }
        return result;
    }

    private static String lookup(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(environmentName(name));
    }

    private static String environmentName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
