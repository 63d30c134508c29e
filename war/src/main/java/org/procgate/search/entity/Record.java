package org.procgate.search.entity;

import java.time.LocalDate;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** One person in the records directory. A missing email or birth date is written as null. */
@JsonbNillable
@JsonbPropertyOrder({"id", "name", "email", "city", "country", "born"})
public record Record(long id, String name, String email, String city, String country, LocalDate born) {
}
