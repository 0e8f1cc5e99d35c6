package io.switchboard.web;

import java.util.HashMap;
import java.util.Map;

/**
 * The optional filters of a list endpoint as a Panache query: each filter given adds its
 * condition, each one absent (null or blank) adds nothing.
 */
public final class ListFilter {

    private final StringBuilder where = new StringBuilder("1 = 1");
    private final Map<String, Object> params = new HashMap<>();

    /** {@code field = value} when a value is given. */
    public ListFilter equal(String field, Object value) {
        return add(field + " = :" + param(field), value);
    }

    /** {@code field >= value} when a value is given. */
    public ListFilter atLeast(String field, Object value) {
        return add(field + " >= :" + param(field), value);
    }

    /** {@code field < value} when a value is given. */
    public ListFilter before(String field, Object value) {
        return add(field + " < :" + param(field) + "_before", value);
    }

    /** Any condition with one named parameter ({@code ... :name ...}), added when a value is given. */
    public ListFilter where(String condition, Object value) {
        return add(condition, value);
    }

    /** Case-insensitive "contains" on a text field, with LIKE's wildcards escaped. */
    public ListFilter contains(String field, String text) {
        return add("lower(" + field + ") like :" + param(field), text == null || text.isBlank() ? null
                : "%" + text.toLowerCase().replace("%", "\\%").replace("_", "\\_") + "%");
    }

    public String where() {
        return where.toString();
    }

    public Map<String, Object> params() {
        return params;
    }

    private ListFilter add(String condition, Object value) {
        if (value != null && !(value instanceof String text && text.isBlank())) {
            where.append(" and ").append(condition);
            params.put(condition.substring(condition.indexOf(':') + 1).split("\\W", 2)[0], value);
        }
        return this;
    }

    private static String param(String field) {
        return field.replace('.', '_');
    }
}
