package org.procgate.db;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Makes the people of the records table. Each row depends only on the seed and its id: its own
 * random stream is seeded from both, so the same seed gives the same rows on every JVM, in any
 * order, and the first N rows do not change when the size grows.
 */
public final class RecordGenerator {

    public static final LocalDate EARLIEST_BIRTH = LocalDate.of(1940, 1, 1);
    public static final LocalDate LATEST_BIRTH = LocalDate.of(2006, 12, 31);

    /** Share of people whose name comes from another country than the one they live in. */
    private static final int MOVED_PERCENT = 8;
    private static final int WITHOUT_EMAIL_PERCENT = 4;
    private static final List<String> MAIL_DOMAINS = List.of("example.org", "example.com", "example.net", "mail.example.org");
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long seed;
    private final PeopleCatalog catalog;

    public RecordGenerator(long seed) {
        this.seed = seed;
        this.catalog = PeopleCatalog.standard();
    }

    public long seed() {
        return seed;
    }

    /** The rows with ids 1 to {@code count}, in id order. */
    public Stream<Person> people(int count) {
        return LongStream.rangeClosed(1, count).mapToObj(this::person);
    }

    /** The row with this id (1 or more). */
    public Person person(long id) {
        if (id < 1) {
            throw new IllegalArgumentException("ids start at 1, not " + id);
        }
        SplittableRandom random = new SplittableRandom(mix(seed + id * GOLDEN_GAMMA));
        PeopleCatalog.Country home = catalog.pickCountry(random);
        PeopleCatalog.Country origin = random.nextInt(100) < MOVED_PERCENT ? catalog.pickCountry(random) : home;
        String first = pick(origin.firstNames(), random);
        String last = pick(origin.lastNames(), random);
        String city = pick(home.cities(), random);
        long birthDays = LATEST_BIRTH.toEpochDay() - EARLIEST_BIRTH.toEpochDay() + 1;
        LocalDate born = EARLIEST_BIRTH.plusDays(random.nextLong(birthDays));
        String email = random.nextInt(100) < WITHOUT_EMAIL_PERCENT ? null : email(first, last, born, random);
        return new Person(id, first + " " + last, email, city, home.code(), born);
    }

    private static String email(String first, String last, LocalDate born, SplittableRandom random) {
        String f = mailName(first);
        String l = mailName(last);
        String domain = pick(MAIL_DOMAINS, random);
        String local = switch (random.nextInt(5)) {
            case 0, 1 -> f + "." + l;
            case 2 -> f + "_" + l + (1 + random.nextInt(99));
            case 3 -> f.charAt(0) + l + (born.getYear() % 100);
            default -> l + "_" + f.charAt(0);
        };
        return local + "@" + domain;
    }

    /** Lower-case ASCII for the local part of an address: "Dvořák" -> "dvorak", "O'Brien" -> "obrien". */
    static String mailName(String name) {
        String withoutAccents = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String ascii = withoutAccents.toLowerCase(Locale.ROOT)
                .replace("ø", "o").replace("ł", "l").replace("ß", "ss").replace("æ", "ae");
        String letters = ascii.replaceAll("[^a-z0-9]", "");
        return letters.isEmpty() ? "x" : letters;
    }

    private static String pick(List<String> list, SplittableRandom random) {
        return list.get(random.nextInt(list.size()));
    }

    /** Spreads neighbouring seeds (id, id+1) into unrelated ones, so rows do not share streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
