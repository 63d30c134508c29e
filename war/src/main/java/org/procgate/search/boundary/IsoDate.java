package org.procgate.search.boundary;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** A calendar date written as ISO 8601 {@code YYYY-MM-DD}, and a real one (no February 30th); null passes. */
@Documented
@Constraint(validatedBy = IsoDateValidator.class)
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
public @interface IsoDate {

    String message() default "must be a date written as YYYY-MM-DD";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
