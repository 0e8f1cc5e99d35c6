package io.switchboard.rule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * A cron expression in a time zone. Five fields are Unix cron ({@code 0 9 * * 1-5}); six or
 * seven fields are Quartz cron, with seconds ({@code 0 0 9 ? * MON-FRI}).
 */
public final class CronSchedule {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final ExecutionTime execution;
    private final ZoneId zone;
    /** Unix cron: due times fall on whole minutes (its matching ignores the seconds). */
    private final boolean wholeMinutes;

    private CronSchedule(ExecutionTime execution, ZoneId zone, boolean wholeMinutes) {
        this.execution = execution;
        this.zone = zone;
        this.wholeMinutes = wholeMinutes;
    }

    /** @throws IllegalArgumentException naming what is wrong with the expression */
    public static CronSchedule parse(String expression, ZoneId zone) {
        String trimmed = expression.trim();
        int fields = trimmed.split("\\s+").length;
        if (fields < 5 || fields > 7) {
            throw new IllegalArgumentException("must have 5 fields (Unix) or 6-7 fields (Quartz), found " + fields);
        }
        Cron cron = (fields == 5 ? UNIX : QUARTZ).parse(trimmed);
        cron.validate();
        return new CronSchedule(ExecutionTime.forCron(cron), zone, fields == 5);
    }

    /** The first due time strictly after {@code after}. */
    public Optional<Instant> nextAfter(Instant after) {
        return execution.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }

    /** The last due time at or before {@code at}. */
    public Optional<Instant> lastAtOrBefore(Instant at) {
        ZonedDateTime time = ZonedDateTime.ofInstant(at, zone);
        // A Unix expression matches any second of a due minute: 09:00:10 is not a due time, 09:00:00 is.
        boolean whole = at.getNano() == 0 && (!wholeMinutes || time.getSecond() == 0);
        if (whole && execution.isMatch(time)) {
            return Optional.of(at);
        }
        return execution.lastExecution(time).map(ZonedDateTime::toInstant);
    }
}
