package org.procgate.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RecordGeneratorTest {

    @Test
    void theSameSeedGivesTheSameRows() {
        List<Person> first = new RecordGenerator(42).people(5_000).toList();
        List<Person> second = new RecordGenerator(42).people(5_000).toList();

        assertThat(second).isEqualTo(first);
        assertThat(first).extracting(Person::id).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 5_000).boxed().toList());
    }

    @Test
    void aRowDependsOnlyOnSeedAndId() {
        RecordGenerator generator = new RecordGenerator(42);

        assertThat(generator.person(1234)).isEqualTo(generator.people(2_000).toList().get(1233));
    }

    @Test
    void anotherSeedGivesOtherRows() {
        List<Person> seed42 = new RecordGenerator(42).people(1_000).toList();
        List<Person> seed43 = new RecordGenerator(43).people(1_000).toList();

        long same = java.util.stream.IntStream.range(0, 1_000).filter(i -> seed42.get(i).equals(seed43.get(i))).count();
        assertThat(same).isZero();
    }

    @Test
    void rowsLookLikeAPeopleDirectory() {
        List<Person> people = new RecordGenerator(42).people(100_000).toList();
        Map<String, PeopleCatalog.Country> countries = PeopleCatalog.standard().countries().stream()
                .collect(Collectors.toMap(PeopleCatalog.Country::code, Function.identity()));

        assertThat(people).allSatisfy(person -> {
            assertThat(person.name()).matches("\\S.* \\S.*").hasSizeLessThanOrEqualTo(200);
            assertThat(countries).containsKey(person.country());
            assertThat(countries.get(person.country()).cities()).contains(person.city());
            assertThat(person.born()).isBetween(RecordGenerator.EARLIEST_BIRTH, RecordGenerator.LATEST_BIRTH);
            if (person.email() != null) {
                assertThat(person.email()).matches("[a-z0-9._]+@[a-z.]+").hasSizeLessThanOrEqualTo(200);
            }
        });
        long smiths = people.stream().filter(p -> p.name().endsWith(" Smith")).count();
        assertThat(smiths).as("Smith is a common last name").isBetween(300L, 1_000L);
        Set<String> names = people.stream().map(Person::name).collect(Collectors.toSet());
        for (String part : List.of("Müller", "José ", "Zoë ", "Øberg", "Łukasz ", "Núñez", "Dvořák", "O'Brien")) {
            assertThat(names).as("a name containing %s", part).anyMatch(name -> name.contains(part));
        }
        assertThat(people).filteredOn(p -> p.email() != null && p.email().contains("_")).hasSizeGreaterThan(10_000);
        assertThat(people).filteredOn(p -> p.email() == null).isNotEmpty();
    }

    @Test
    void mailNamesAreLowerCaseAscii() {
        assertThat(RecordGenerator.mailName("Dvořák")).isEqualTo("dvorak");
        assertThat(RecordGenerator.mailName("O'Brien")).isEqualTo("obrien");
        assertThat(RecordGenerator.mailName("Øberg")).isEqualTo("oberg");
        assertThat(RecordGenerator.mailName("Łukasz")).isEqualTo("lukasz");
        assertThat(RecordGenerator.mailName("Weiß")).isEqualTo("weiss");
        assertThat(RecordGenerator.mailName("van den Berg")).isEqualTo("vandenberg");
    }
}
