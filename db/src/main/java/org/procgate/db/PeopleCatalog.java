package org.procgate.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The countries, names and cities the generator draws from, read from {@code people.txt}.
 * Lists keep the file's order, so a draw by position is the same on every JVM.
 */
final class PeopleCatalog {

    static final String RESOURCE = "people.txt";

    record Country(String code, int weight, List<String> firstNames, List<String> lastNames, List<String> cities) {
    }

    private final List<Country> countries;
    private final int[] cumulativeWeights;

    private PeopleCatalog(List<Country> countries) {
        this.countries = List.copyOf(countries);
        this.cumulativeWeights = new int[countries.size()];
        int total = 0;
        for (int i = 0; i < countries.size(); i++) {
            total += countries.get(i).weight();
            cumulativeWeights[i] = total;
        }
    }

    static PeopleCatalog standard() {
        return Standard.CATALOG;
    }

    List<Country> countries() {
        return countries;
    }

    /** A country, each as likely as its weight. */
    Country pickCountry(SplittableRandom random) {
        int point = random.nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
        int index = Arrays.binarySearch(cumulativeWeights, point + 1);
        return countries.get(index >= 0 ? index : -index - 1);
    }

    static PeopleCatalog parse(List<String> lines) {
        List<Country> countries = new ArrayList<>();
        String code = null;
        int weight = 0;
        List<String> first = new ArrayList<>();
        List<String> last = new ArrayList<>();
        List<String> cities = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] keyAndRest = line.split("\\s+", 2);
            String rest = keyAndRest.length > 1 ? keyAndRest[1] : "";
            switch (keyAndRest[0]) {
                case "country" -> {
                    if (code != null) {
                        countries.add(country(code, weight, first, last, cities));
                        first = new ArrayList<>();
                        last = new ArrayList<>();
                        cities = new ArrayList<>();
                    }
                    String[] codeAndWeight = rest.split("\\s+");
                    if (codeAndWeight.length != 2 || !codeAndWeight[0].matches("[A-Z]{2}")
                            || !codeAndWeight[1].matches("[1-9][0-9]{0,3}")) {
                        throw malformed(n, "expected 'country <ISO code> <weight>'");
                    }
                    code = codeAndWeight[0];
                    weight = Integer.parseInt(codeAndWeight[1]);
                }
                case "first" -> first.addAll(entries(rest));
                case "last" -> last.addAll(entries(rest));
                case "city" -> cities.addAll(entries(rest));
                default -> throw malformed(n, "expected country, first, last or city");
            }
            if (code == null) {
                throw malformed(n, "names and cities must follow a 'country' line");
            }
        }
        if (code == null) {
            throw new DatabaseException(RESOURCE + " names no country; restore it from the procgate sources");
        }
        countries.add(country(code, weight, first, last, cities));
        return new PeopleCatalog(countries);
    }

    private static Country country(String code, int weight, List<String> first, List<String> last, List<String> cities) {
        for (List<String> list : List.of(first, last, cities)) {
            if (list.isEmpty() || new HashSet<>(list).size() != list.size()) {
                throw new DatabaseException(RESOURCE + ": country " + code
                        + " needs first names, last names and cities, each without duplicates; fix the resource");
            }
        }
        return new Country(code, weight, List.copyOf(first), List.copyOf(last), List.copyOf(cities));
    }

    private static List<String> entries(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static DatabaseException malformed(int lineIndex, String expected) {
        return new DatabaseException(RESOURCE + " line " + (lineIndex + 1) + ": " + expected + "; fix the resource");
    }

    /** Loaded on first use; the catalog never changes afterwards. */
    private static final class Standard {
        static final PeopleCatalog CATALOG = load();

        private static PeopleCatalog load() {
            try (InputStream in = PeopleCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new DatabaseException(RESOURCE + " is missing from the classpath next to "
                            + PeopleCatalog.class.getName() + "; rebuild the procgate-db jar");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                return parse(reader.lines().toList());
            } catch (IOException e) {
                throw new DatabaseException("Cannot read " + RESOURCE + " (" + e + "); rebuild the procgate-db jar", e);
            }
        }
    }
}
