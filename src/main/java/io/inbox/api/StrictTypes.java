package io.inbox.api;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.adapter.JsonbAdapter;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON-B adapters for request fields that accept only the JSON type they declare, as the API always did: JSON-B
 * implementations convert leniently (Yasson reads {@code 5} into a String as "5", {@code "5"} into a Long as 5,
 * {@code 5.5} as 5 and wraps numbers past the long range). A field holding anything else fails the binding with
 * {@link MalformedBody} (400). JSON {@code null} is the field left out.
 */
public final class StrictTypes {
    private static final JsonProvider JSON = JsonProvider.provider();

    private StrictTypes() {
    }

    /** A JSON string. */
    public static final class Text implements JsonbAdapter<String, JsonValue> {
        @Override
        public JsonValue adaptToJson(String value) {
            return JSON.createValue(value);
        }

        @Override
        public String adaptFromJson(JsonValue value) {
            if (value == null || value == JsonValue.NULL) {
                return null;
            }
            if (value instanceof JsonString string) {
                return string.getString();
            }
            throw new MalformedBody("expected a string, got " + kind(value));
        }
    }

    /** A JSON integer within the range of a long. */
    public static final class WholeNumber implements JsonbAdapter<Long, JsonValue> {
        @Override
        public JsonValue adaptToJson(Long value) {
            return JSON.createValue(value);
        }

        @Override
        public Long adaptFromJson(JsonValue value) {
            return value == null || value == JsonValue.NULL ? null : whole(value);
        }
    }

    /** A JSON array of integers within the range of a long. */
    public static final class WholeNumbers implements JsonbAdapter<List<Long>, JsonValue> {
        @Override
        public JsonValue adaptToJson(List<Long> values) {
            var array = JSON.createArrayBuilder();
            values.forEach(array::add);
            return array.build();
        }

        @Override
        public List<Long> adaptFromJson(JsonValue value) {
            if (value == null || value == JsonValue.NULL) {
                return null;
            }
            if (!(value instanceof JsonArray array)) {
                throw new MalformedBody("expected a list of integers, got " + kind(value));
            }
            List<Long> numbers = new ArrayList<>(array.size());
            array.forEach(element -> numbers.add(whole(element)));
            return numbers;
        }
    }

    private static long whole(JsonValue value) {
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                return number.bigIntegerValueExact().longValueExact();
            } catch (ArithmeticException tooLarge) {
                throw new MalformedBody("integer out of range");
            }
        }
        throw new MalformedBody("expected an integer, got " + kind(value));
    }

    private static String kind(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case TRUE, FALSE -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "a list";
            case OBJECT -> "an object";
        };
    }
}
