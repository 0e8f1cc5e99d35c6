package io.switchboard.web;

import java.util.List;

/** One page of a management API list: {@code page} from 0, {@code size} up to 500. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;
    /** For annotations (the OpenAPI schema), which take text. */
    public static final String MAX_SIZE_TEXT = "" + MAX_SIZE;
}
