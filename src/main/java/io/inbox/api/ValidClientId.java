package io.inbox.api;

import io.inbox.protocol.ClientId;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A {@code client_id} that keeps the {@link ClientId} rule (the one the WebSocket frames are held to). */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidClientId.Check.class)
public @interface ValidClientId {
    String message() default ClientId.RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Delegates to {@link ClientId#isValid}. */
    class Check implements ConstraintValidator<ValidClientId, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return ClientId.isValid(value);
        }
    }
}
