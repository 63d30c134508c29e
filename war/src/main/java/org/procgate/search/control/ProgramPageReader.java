package org.procgate.search.control;

import java.io.StringReader;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import org.procgate.search.entity.PageJson;

/**
 * Reads a search program's answer, {@code {"total": n, "items": [record, ...]}}, and checks it
 * record by record in one streaming pass: every record has an integral {@code id} and a string
 * {@code name}, and nothing but strings or null for {@code email}, {@code city}, {@code country}
 * and {@code born} (a {@code YYYY-MM-DD} date). The items are not bound to objects and written
 * again: they go on to the client as the program wrote them.
 */
final class ProgramPageReader {

    private static final Set<String> OPTIONAL_TEXT = Set.of("email", "city", "country", "born");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** Once: {@code Json.createParser} looks the provider up with a ServiceLoader on every call. */
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    private final String json;
    private final JsonParser parser;

    private ProgramPageReader(String json) {
        this.json = json;
        this.parser = PARSERS.createParser(new StringReader(json));
    }

    /** @throws IllegalArgumentException the answer is not such a page; the message says what is wrong */
    static PageJson read(String json) {
        ProgramPageReader reader = new ProgramPageReader(json);
        try {
            return reader.page();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        } finally {
            reader.parser.close();
        }
    }

    private PageJson page() {
        expect(Event.START_OBJECT, "the answer");
        Long total = null;
        String items = null;
        int count = 0;
        for (Event event = next(); event != Event.END_OBJECT; event = next()) {
            String key = parser.getString();
            if (key.equals("total")) {
                expect(Event.VALUE_NUMBER, "total");
                if (!parser.isIntegralNumber() || parser.getLong() < 0) {
                    throw new IllegalArgumentException("total is not a count: " + parser.getString());
                }
                total = parser.getLong();
            } else if (key.equals("items")) {
                expect(Event.START_ARRAY, "items");
                // the parser's offset is just past the event: '[' is the character before it
                int start = (int) parser.getLocation().getStreamOffset() - 1;
                while (next() != Event.END_ARRAY) {
                    record(count++);
                }
                items = json.substring(start, (int) parser.getLocation().getStreamOffset());
            } else {
                throw new IllegalArgumentException("unexpected member " + key);
            }
        }
        if (parser.hasNext()) {
            throw new IllegalArgumentException("text after the answer");
        }
        if (total == null || items == null) {
            throw new IllegalArgumentException("total or items missing");
        }
        return new PageJson(total, items, count);
    }

    /** One record; its START_OBJECT has been read. */
    private void record(int index) {
        if (parser.currentEvent() != Event.START_OBJECT) {
            throw new IllegalArgumentException("item " + index + " is not an object");
        }
        Set<String> seen = new HashSet<>();
        for (Event event = next(); event != Event.END_OBJECT; event = next()) {
            String key = parser.getString();
            if (!seen.add(key)) {
                throw new IllegalArgumentException("item " + index + " has " + key + " twice");
            }
            Event value = next();
            if (key.equals("id")) {
                if (value != Event.VALUE_NUMBER || !parser.isIntegralNumber()) {
                    throw new IllegalArgumentException("item " + index + ": id is not an integer");
                }
            } else if (key.equals("name")) {
                if (value != Event.VALUE_STRING) {
                    throw new IllegalArgumentException("item " + index + ": name is not a string");
                }
            } else if (OPTIONAL_TEXT.contains(key)) {
                if (value != Event.VALUE_STRING && value != Event.VALUE_NULL) {
                    throw new IllegalArgumentException("item " + index + ": " + key + " is neither a string nor null");
                }
                if (key.equals("born") && value == Event.VALUE_STRING && !DATE.matcher(parser.getString()).matches()) {
                    throw new IllegalArgumentException("item " + index + ": born is not a YYYY-MM-DD date");
                }
            } else {
                throw new IllegalArgumentException("item " + index + " has an unexpected member " + key);
            }
        }
        if (!seen.contains("id") || !seen.contains("name")) {
            throw new IllegalArgumentException("item " + index + " lacks its id or name");
        }
    }

    private Event next() {
        if (!parser.hasNext()) {
            throw new IllegalArgumentException("the answer ends early");
        }
        return parser.next();
    }

    private void expect(Event expected, String what) {
        Event actual = next();
        if (actual != expected) {
            throw new IllegalArgumentException(what + " should be " + describe(expected) + ", not " + describe(actual));
        }
    }

    private static String describe(Event event) {
        return switch (event) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NUMBER -> "a number";
            case VALUE_STRING -> "a string";
            default -> event.name().toLowerCase(Locale.ROOT);
        };
    }
}
