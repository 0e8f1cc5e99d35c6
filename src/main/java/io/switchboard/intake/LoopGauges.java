package io.switchboard.intake;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.action.Outbox;
import io.switchboard.event.EventStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Gauges read from the database at scrape time, so every replica reports the shared truth. */
@ApplicationScoped
public class LoopGauges {

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @Inject
    EventStore events;

    @Inject
    Pollers pollers;

    @Inject
    PollBudget budget;

    void register(@Observes StartupEvent start) {
        Gauge.builder("switchboard.outbox.depth", () -> QuarkusTransaction.requiringNew().call(outbox::depth))
                .description("actions pending or being sent").register(registry);
        Gauge.builder("switchboard.outbox.dead", () -> QuarkusTransaction.requiringNew().call(outbox::dead))
                .description("actions that exhausted their retries").register(registry);
        Gauge.builder("switchboard.events.unprocessed", () -> QuarkusTransaction.requiringNew().call(events::unprocessed))
                .register(registry);
        Gauge.builder("switchboard.poll.budget.rate", budget::rate)
                .description("requests per second the pollers may send now (lower after a 429)").register(registry);
        for (Poller poller : pollers.all()) {
            Gauge.builder("switchboard.poll.lag.seconds", () -> lagSeconds(poller.name()))
                    .description("seconds since the poller last succeeded").tag("poller", poller.name())
                    .register(registry);
        }
    }

    private double lagSeconds(String poller) {
        PollCursor cursor = QuarkusTransaction.requiringNew().call(() -> PollCursor.<PollCursor> findById(poller));
        return cursor == null || cursor.lastSuccessAt == null ? Double.NaN
                : Duration.between(cursor.lastSuccessAt, clock.instant()).toMillis() / 1000.0;
    }
}
