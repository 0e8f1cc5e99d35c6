package io.switchboard.web;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/**
 * The {@code page} and {@code size} query parameters every list endpoint takes, checked once here:
 * a page from 0, a size from 1 to {@link Page#MAX_SIZE}; anything else is a 400 naming the
 * parameter. Checked by hand rather than by Bean Validation: these two ranges were its only use,
 * and the extension cost every start about 0.05 s (BENCHMARKS.md, session 11).
 */
public record PageParams(
        @QueryParam("page") @DefaultValue("0")
        @Parameter(description = "Page number, from 0.", schema = @Schema(minimum = "0", defaultValue = "0"))
        int page,
        @QueryParam("size") @DefaultValue("50")
        @Parameter(description = "Items per page.", schema = @Schema(minimum = "1", maximum = Page.MAX_SIZE_TEXT, defaultValue = "50"))
        int size) {

    public PageParams {
        if (page < 0) {
            throw new BadRequestException("page", "must be greater than or equal to 0");
        }
        if (size < 1 || size > Page.MAX_SIZE) {
            throw new BadRequestException("size", "must be between 1 and " + Page.MAX_SIZE);
        }
        if ((long) page * size > Integer.MAX_VALUE) { // the row offset must fit the query's int
            throw new BadRequestException("page", "is beyond any list: page × size must stay under 2^31");
        }
    }
}
