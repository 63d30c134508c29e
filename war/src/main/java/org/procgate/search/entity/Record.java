package org.procgate.search.entity;

import java.time.LocalDate;

/** One person in the records directory. */
public record Record(long id, String name, String email, String city, String country, LocalDate born) {
}
