package org.procgate.search.boundary;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Collection;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * At most {@code value} characters of a text, or elements of a list; null passes. What
 * {@code @Size(max)} says, for resource method parameters: Payara's OpenAPI generator fails on
 * {@code @Size} there.
 */
@Documented
@Constraint(validatedBy = AtMost.Validator.class)
@Target(PARAMETER)
@Retention(RUNTIME)
public @interface AtMost {

    int value();

    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the length of a text or the size of a collection. */
    class Validator implements ConstraintValidator<AtMost, Object> {

        private int max;

        @Override
        public void initialize(AtMost annotation) {
            max = annotation.value();
        }

        @Override
        public boolean isValid(Object value, ConstraintValidatorContext context) {
            if (value instanceof CharSequence text) {
                return text.length() <= max;
            }
            if (value instanceof Collection<?> collection) {
                return collection.size() <= max;
            }
            return true;
        }
    }
}
