package io.switchboard;

import java.time.Clock;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one {@link Clock} beans inject instead of calling {@code Instant.now()}: UTC system time.
 * A {@code @DefaultBean}, so a test (or any other producer) can replace it without touching its users.
 */
@ApplicationScoped
public class SystemClock {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
