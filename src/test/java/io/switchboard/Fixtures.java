package io.switchboard;

import io.switchboard.action.Action;
import io.switchboard.action.ActionAttempt;
import io.switchboard.engine.Cooldown;
import io.switchboard.engine.Execution;
import io.switchboard.engine.Hold;
import io.switchboard.event.Event;
import io.switchboard.intake.PollCursor;
import io.switchboard.intake.ScheduleMark;
import io.switchboard.rule.Rule;
import io.switchboard.state.Snapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Empties every table the loop writes, so each end-to-end test starts from nothing. */
@ApplicationScoped
public class Fixtures {

    @Inject
    EntityManager em;

    @Transactional
    public void clean() {
        ActionAttempt.deleteAll();
        Action.deleteAll();
        Execution.deleteAll();
        Hold.deleteAll();
        Cooldown.deleteAll();
        Event.deleteAll();
        Snapshot.deleteAll();
        PollCursor.deleteAll();
        ScheduleMark.deleteAll();
        Rule.deleteAll();
        em.createNativeQuery("update state_revision set revision = revision + 1").executeUpdate();
    }
}
