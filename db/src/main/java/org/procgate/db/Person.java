package org.procgate.db;

import java.time.LocalDate;

/**
 * One row of {@code records}: a person in the generated directory.
 *
 * @param email null for the few people without one
 */
public record Person(long id, String name, String email, String city, String country, LocalDate born) {
}
