package io.inbox.api;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Positive;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@link Positive} for an id in a request record, declared for fields only. A standard {@code @Positive} on a record
 * component also lands on the canonical constructor's parameter, where Payara's OpenAPI generator takes it for a
 * constraint of a path parameter and fails to write the document (a NullPointerException, 500 on {@code /openapi}).
 */
@Positive
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface PositiveId {
    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
