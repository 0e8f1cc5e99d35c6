package io.switchboard;

import java.util.Locale;

import jakarta.persistence.AttributeConverter;

/**
 * Stores an enum as its lower-case name ({@code no_change}), the spelling the API and the
 * existing rows use, so a status column reads the same in SQL, JSON and Java.
 */
public abstract class LowerCaseEnumConverter<E extends Enum<E>> implements AttributeConverter<E, String> {

    private final Class<E> type;

    protected LowerCaseEnumConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(E value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public E convertToEntityAttribute(String column) {
        return column == null ? null : Enum.valueOf(type, column.toUpperCase(Locale.ROOT));
    }
}
