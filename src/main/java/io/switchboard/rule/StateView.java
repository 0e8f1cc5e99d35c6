package io.switchboard.rule;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The last known SnapCall state that conditions see as {@code agents}, {@code buttons} and
 * {@code calls}. The intake keeps it; a dry run without {@code state} uses it.
 */
public interface StateView {

    /** email → agent */
    JsonNode agents();

    /** bid → button */
    JsonNode buttons();

    /** recent calls, oldest first */
    JsonNode calls();
}
