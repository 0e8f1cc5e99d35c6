package io.switchboard.action;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.panache.common.Sort;
import io.switchboard.AfterCommit;
import io.switchboard.InstanceId;
import io.switchboard.Metrics;
import io.switchboard.RowInserts;
import io.switchboard.state.KnownState;
import io.switchboard.state.Snapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * The actions table and its claims. An action is queued already claimed by the instance that
 * decided it, and handed to that instance's {@link ActionDispatcher} once the transaction
 * commits — no table is polled to find it. A claim is a fencing token (owner, epoch) with a
 * lease the owner renews while it holds the action; a result is recorded only where owner and
 * epoch still match, so a sender that lost its claim cannot record over the new owner.
 * Live actions are found again only by {@link #claimExpired}: the recovery scan for claims a
 * stopped instance left behind, an indexed range over live rows (status, claimed_until).
 */
@ApplicationScoped
public class Outbox {

    /** Ids per statement of {@link #release}. */
    private static final int RELEASE_CHUNK = 1_000;

    /** The poller that lists the account's buttons (ButtonPoller). */
    static final String BUTTON_LISTING = "buttons";

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    @Inject
    ActionConfig config;

    @Inject
    InstanceId instance;

    @Inject
    Clock clock;

    @Inject
    Metrics metrics;

    @Inject
    KnownState state;

    @Inject
    AfterCommit afterCommit;

    @Inject
    ActionDispatcher dispatcher;

    @Inject
    EntityManager em;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    RowInserts inserts;

    /**
     * Makes one resolved action (or the record of why it could not be resolved), claimed by this
     * instance and handed to its dispatcher once the engine's transaction commits; the engine
     * stores it, with the others of its decision, by {@link #store} in that transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Action enqueue(long executionId, int position, ActionSpec action, String error) {
        Instant now = clock.instant();
        Action row = new Action();
        row.executionId = executionId;
        row.position = position;
        row.type = action.type().wire();
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        action.params().forEach(params::set);
        row.params = params.toString();
        if (error == null && row.params.length() > Action.PARAMS_LENGTH) {
            // Templates can make parameters of any size; one too large for its row must not fail the decision's commit.
            error = "the resolved parameters take " + row.params.length() + " characters; at most "
                    + Action.PARAMS_LENGTH + " can be stored";
            row.params = JsonNodeFactory.instance.objectNode().put("omitted", error).toString();
        }
        row.status = error == null ? ActionStatus.PENDING : ActionStatus.FAILED;
        row.lastError = error;
        row.attempts = 0;
        row.createdAt = now;
        row.updatedAt = now;
        row.nextAttemptAt = now;
        row.owner = instance.id();
        row.epoch = 1;
        row.claimedUntil = now.plus(config.claimLease());
        row.id = inserts.nextId(row);
        if (error == null) {
            handOverOnCommit(QueuedAction.of(row, action.params(), now)); // the params just written, not parsed back
        }
        return row;
    }

    /** Inserts actions {@link #enqueue} made, one JDBC batch, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void store(List<Action> actions) {
        inserts.insert(INSERT_ACTION, actions, row -> new Object[] { row.id, row.executionId, row.position, row.type,
            row.params, row.status.wire(), row.attempts, row.nextAttemptAt, row.claimedUntil, row.owner, row.epoch,
            row.lastError, row.createdAt, row.updatedAt });
    }

    private static final String INSERT_ACTION = "insert into actions (id, execution_id, position, type, params, status, "
            + "attempts, next_attempt_at, claimed_until, owner, epoch, last_error, created_at, updated_at) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * Gives a dead action one more try: back to {@code pending}, claimed by this instance under a
     * new epoch (so no earlier sender's late result can be recorded over it), due now, and handed
     * to this instance's dispatcher once the transaction commits — the path of a newly queued
     * action. Its tries so far stay counted, so this is exactly one more: if it fails again in a
     * way worth retrying, it is dead again.
     *
     * @throws RetryRefused.Unknown when there is no such action
     * @throws RetryRefused.NotDead when the action is live or ended otherwise
     */
    @Transactional
    public void retry(long id) {
        Instant now = clock.instant();
        Action row = em.find(Action.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            throw new RetryRefused.Unknown(id);
        }
        if (row.status != ActionStatus.DEAD) {
            throw new RetryRefused.NotDead(id, row.status);
        }
        row.status = ActionStatus.PENDING;
        row.owner = instance.id();
        row.epoch++;
        row.claimedUntil = now.plus(config.claimLease());
        row.nextAttemptAt = now;
        row.updatedAt = now;
        handOverOnCommit(QueuedAction.of(row, now, json));
    }

    /**
     * This transaction's claimed actions go to the dispatcher after the commit, never before nor
     * after a rollback; until the transaction ends the dispatcher expects them, so the renewal
     * does not take them for strays ({@link OutboxWorker}) while a hand-over is on its way.
     */
    private void handOverOnCommit(QueuedAction action) {
        dispatcher.expect(action.id());
        afterCommit.collect(Outbox.class, ArrayList<QueuedAction>::new, dispatcher::accept, dispatcher::unexpect).add(action);
    }

    /** One try's result to record, with what SnapCall told us about the target meanwhile. */
    public record Settlement(QueuedAction action, SendResult result, Instant startedAt, Instant finishedAt,
            List<StateUpdate> learned) {
    }

    /**
     * What recording did: {@code owned} is false when this instance no longer held the claim
     * (nothing was written); {@code retry} is the action waiting for its next try, or null.
     */
    public record Settled(Settlement settlement, boolean owned, QueuedAction retry) {
    }

    /**
     * Records a group of results in the caller's transaction: the known state first (in key
     * order, so writers cannot deadlock), then each action's next state — only where this
     * instance still holds the claim — and its attempt.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Settled> settle(List<Settlement> group) {
        Instant now = clock.instant();
        // Action rows are updated in id order, the order every writer of them locks in.
        List<Settlement> settlements = group.stream().sorted(Comparator.comparingLong(s -> s.action().id())).toList();
        Map<String, Map<String, JsonNode>> learned = new TreeMap<>();
        // A key longer than its column (a rule's template can make one) names nothing SnapCall keeps: not recorded.
        settlements.stream().flatMap(s -> s.learned().stream()).filter(u -> u.key().length() <= Snapshot.KEY_LENGTH)
                .forEach(u -> learned.computeIfAbsent(u.kind(), k -> new HashMap<>()).put(u.key(), u.data()));
        learned.forEach((kind, items) -> state.recordAll(kind, items, now, () -> addsNew(kind)));
        RetryPolicy policy = RetryPolicy.of(config);
        List<RetryPolicy.Next> next = settlements.stream()
                .map(s -> policy.after(s.result(), s.action().attempts(), s.finishedAt())).toList();
        int[] updated = em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement("update actions set status = ?, attempts = ?, "
                    + "next_attempt_at = ?, last_error = ?, updated_at = ? "
                    + "where id = ? and owner = ? and epoch = ? and status = 'pending'")) {
                for (int i = 0; i < settlements.size(); i++) {
                    RetryPolicy.Next n = next.get(i);
                    QueuedAction action = settlements.get(i).action();
                    update.setString(1, n.status().wire());
                    update.setInt(2, n.attempts());
                    update.setObject(3, OffsetDateTime.ofInstant(n.nextAttemptAt(), ZoneOffset.UTC));
                    update.setString(4, truncate(n.error(), 2000));
                    update.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                    update.setLong(6, action.id());
                    update.setString(7, instance.id());
                    update.setLong(8, action.epoch());
                    update.addBatch();
                }
                return update.executeBatch();
            }
        });
        List<QueuedAction> carried = settlements.stream().map(s -> s.action().decidedNow()
                && !s.result().mayHaveReachedSnapCall() ? s.action().undecided() : s.action()).toList();
        pinToggles(carried, updated);
        List<Settled> out = new ArrayList<>(settlements.size());
        List<ActionAttempt> attempts = new ArrayList<>();
        for (int i = 0; i < settlements.size(); i++) {
            Settlement settlement = settlements.get(i);
            RetryPolicy.Next n = next.get(i);
            boolean owned = updated[i] != 0;
            if (owned && n.attempt() != null) {
                attempts.add(attempt(settlement, n));
            }
            if (owned && n.isFinal()) {
                metrics.action(settlement.action().spec().type().wire(), n.status().wire(),
                        Duration.between(settlement.action().createdAt(), now));
                if (n.status() == ActionStatus.FAILED || n.status() == ActionStatus.DEAD) {
                    // SnapCall's own words (its most specific error text), never a key: SnapCallErrors keeps none
                    LOG.warnf("action %d (%s) %s after %d attempt(s): %s", settlement.action().id(),
                            settlement.action().spec().type().wire(), n.status().wire(), n.attempts(), n.error());
                }
            }
            out.add(new Settled(settlement, owned,
                    owned && !n.isFinal() ? carried.get(i).retryAt(n.attempts(), n.nextAttemptAt()) : null));
        }
        storeAttempts(attempts);
        // Answer in the caller's order (one result per item it gave).
        Map<Settlement, Settled> byItem = new IdentityHashMap<>();
        out.forEach(settled -> byItem.put(settled.settlement(), settled));
        return group.stream().map(byItem::get).toList();
    }

    /**
     * Stores the value each toggle was decided to at this try ({@link ActionPlanner#RESOLVED_ACTIVE})
     * when the try may have reached SnapCall, on the rows this instance still owns: a retry, here
     * or after a takeover, sends that value. Once per action (later tries find it stored).
     */
    private void pinToggles(List<QueuedAction> actions, int[] owned) {
        List<QueuedAction> pinned = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            if (owned[i] != 0 && actions.get(i).decidedNow()) {
                pinned.add(actions.get(i));
            }
        }
        if (pinned.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update actions set params = ? where id = ? and owner = ? and epoch = ?")) {
                for (QueuedAction action : pinned) {
                    String params = json.valueToTree(action.spec().params()).toString();
                    if (params.length() > Action.PARAMS_LENGTH) {
                        continue; // cannot happen with a real bid; the retry then decides again
                    }
                    update.setString(1, params);
                    update.setLong(2, action.id());
                    update.setString(3, instance.id());
                    update.setLong(4, action.epoch());
                    update.addBatch();
                }
                update.executeBatch();
            }
        });
    }

    private ActionAttempt attempt(Settlement settlement, RetryPolicy.Next next) {
        SendResult result = settlement.result();
        ActionAttempt attempt = new ActionAttempt();
        attempt.actionId = settlement.action().id();
        attempt.number = next.attempts();
        attempt.method = result.method();
        attempt.target = truncate(result.target(), 2000);
        attempt.httpStatus = result.httpStatus() == 0 ? null : result.httpStatus();
        attempt.error = truncate(result.error(), 2000);
        attempt.outcome = next.attempt();
        attempt.startedAt = settlement.startedAt();
        attempt.durationMs = Duration.between(settlement.startedAt(), settlement.finishedAt()).toMillis();
        attempt.id = inserts.nextId(attempt);
        return attempt;
    }

    private void storeAttempts(List<ActionAttempt> attempts) {
        inserts.insert("insert into action_attempts (id, action_id, number, method, target, outcome, http_status, error, "
                + "started_at, duration_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", attempts, a -> new Object[] { a.id, a.actionId,
                    a.number, a.method, a.target, a.outcome.wire(), a.httpStatus, a.error, a.startedAt, a.durationMs });
    }

    /**
     * The recovery scan: takes over live actions whose owner's lease lapsed ({@code everything}:
     * all live actions, when no other instance can exist). The epoch moves on, so the old owner
     * can no longer record; and since it may have sent before it stopped, its try is recorded
     * as {@code lost} — a request SnapCall may have received twice shows as a retry, never as nothing.
     * A lost try is counted, but it is the last only when lost tries alone reach
     * {@code max-attempts}: otherwise the action still gets a try of its own, which decides whether
     * it is dead (an action waiting out its backoff when its sender died was not being sent, and a
     * crash loop during a SnapCall outage must not use its tries up). An action released by a
     * clean stop ({@link #release}) has no owner, and no lost try.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<QueuedAction> claimExpired(int limit, boolean everything) {
        Instant now = clock.instant();
        // Never this instance's own claims: it holds them in memory, and a new epoch would fence its own results out.
        List<Action> rows = (everything
                ? Action.<Action> find("status = ?1 and (owner is null or owner <> ?2)", Sort.by("id"),
                        ActionStatus.PENDING, instance.id())
                : Action.<Action> find("status = ?1 and claimedUntil < ?2 and (owner is null or owner <> ?3)",
                        Sort.by("claimedUntil"), ActionStatus.PENDING, now, instance.id()))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", -2)
                .page(0, limit).list();
        Map<Long, Long> lostBefore = lostTries(rows.stream().filter(row -> row.owner != null).map(row -> row.id).toList());
        List<QueuedAction> claimed = new ArrayList<>();
        for (Action row : rows) {
            boolean owned = row.owner != null;
            if (owned) {
                row.attempts++;
                ActionAttempt lost = new ActionAttempt();
                lost.actionId = row.id;
                lost.number = row.attempts;
                lost.outcome = AttemptOutcome.LOST;
                lost.error = "taken over after its sender's claim lapsed; that sender may have sent this try";
                lost.startedAt = row.updatedAt;
                lost.durationMs = 0;
                lost.persist();
            }
            row.owner = instance.id();
            row.epoch++;
            row.claimedUntil = now.plus(config.claimLease());
            row.updatedAt = now;
            long lostTries = lostBefore.getOrDefault(row.id, 0L) + (owned ? 1 : 0);
            if (lostTries >= config.maxAttempts()) {
                // Taken over again and again (a sender that dies while sending it?): its tries stay bounded.
                row.status = ActionStatus.DEAD;
                row.lastError = "taken over " + lostTries + " times from a sender that may have sent it (each a lost try)";
                LOG.warnf("action %d (%s) dead: %s", row.id, row.type, row.lastError);
                continue;
            }
            claimed.add(QueuedAction.of(row, now, json));
        }
        return claimed;
    }

    /**
     * Whether {@link #claimExpired} would find anything: one indexed probe through plain JDBC, so a
     * start with nothing to take over does not pay for Hibernate's first query (40–80 ms here).
     */
    public boolean anyToTakeOver(boolean everything) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement probe = connection.prepareStatement("select 1 from actions where status = 'pending' "
                        + "and (owner is null or owner <> ?)" + (everything ? "" : " and claimed_until < ?")
                        + " fetch first 1 rows only")) {
            probe.setString(1, instance.id());
            if (!everything) {
                probe.setObject(2, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            }
            try (ResultSet found = probe.executeQuery()) {
                return found.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("looking for actions to take over failed", e);
        }
    }

    /** How many lost tries each of {@code ids} has on record. */
    private Map<Long, Long> lostTries(List<Long> ids) {
        Map<Long, Long> lost = new HashMap<>();
        if (!ids.isEmpty()) {
            em.createQuery("select t.actionId, count(t) from ActionAttempt t where t.actionId in ?1 and t.outcome = ?2 "
                    + "group by t.actionId", Object[].class).setParameter(1, ids).setParameter(2, AttemptOutcome.LOST)
                    .getResultStream().forEach(r -> lost.put((Long) r[0], (Long) r[1]));
        }
        return lost;
    }

    /**
     * Takes up again actions this instance owns but does not hold ({@link OutboxWorker} finds
     * them): those of a commit whose outcome it never heard — the connection dropped after the
     * database committed, so nothing was handed over, and the write tried again found its events
     * stored and decided nothing anew. A new epoch, so no copy of them anywhere can record.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<QueuedAction> adopt(Set<Long> ids) {
        Instant now = clock.instant();
        List<Action> rows = Action.<Action> find("id in ?1 and owner = ?2 and status = ?3", Sort.by("id"), ids,
                instance.id(), ActionStatus.PENDING).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        rows.forEach(row -> {
            row.epoch++;
            row.claimedUntil = now.plus(config.claimLease());
            row.updatedAt = now;
        });
        return rows.stream().map(row -> QueuedAction.of(row, now, json)).toList();
    }

    /**
     * A clean stop gives up this instance's live actions but {@code sending} (requests in flight,
     * whose results may still come): no owner, so their takeover records no lost try — they were
     * not being sent. Their lease ends now, so the next start or another replica's next recovery
     * scan takes them at once; except {@code waiting}, queued behind a request in flight on the
     * same target: they keep their lease (the one the request in flight has, renewed together),
     * so they are taken over with it, after it, in order. Answers how many were released.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int release(Set<Long> sending, Set<Long> waiting) {
        // No row a settle still in flight writes: the two cannot meet on a lock.
        Instant now = clock.instant();
        List<Long> ids = em.createQuery("select a.id from Action a where a.owner = ?1 and a.status = ?2 order by a.id", Long.class)
                .setParameter(1, instance.id()).setParameter(2, ActionStatus.PENDING).getResultStream()
                .filter(id -> !sending.contains(id)).toList();
        int released = 0;
        for (int from = 0; from < ids.size(); from += RELEASE_CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + RELEASE_CHUNK));
            List<Long> lapseNow = chunk.stream().filter(id -> !waiting.contains(id)).toList();
            List<Long> keepLease = chunk.stream().filter(waiting::contains).toList();
            if (!lapseNow.isEmpty()) {
                released += Action.update("owner = null, claimedUntil = ?1, updatedAt = ?1 where id in ?2 and owner = ?3 "
                        + "and status = ?4", now, lapseNow, instance.id(), ActionStatus.PENDING);
            }
            if (!keepLease.isEmpty()) {
                released += Action.update("owner = null, updatedAt = ?1 where id in ?2 and owner = ?3 and status = ?4", now,
                        keepLease, instance.id(), ActionStatus.PENDING);
            }
        }
        return released;
    }

    /**
     * Extends this instance's claims; answers the ids it renewed. Rows are locked one at a time
     * in id order, the order a settle locks them in: a single update locked them in whatever order
     * the database scanned them, and met a settle holding a lower id while it held a higher one
     * the settle wanted next — a deadlock ({@code ClaimRenewalTest}). A row that changed owner or
     * left {@code pending} since the read is not renewed, nor counted.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Set<Long> renew(Instant until) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            List<Long> held = new ArrayList<>();
            try (PreparedStatement read = connection.prepareStatement(
                    "select id from actions where owner = ? and status = 'pending' order by id")) {
                read.setString(1, instance.id());
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        held.add(rows.getLong(1));
                    }
                }
            }
            if (held.isEmpty()) {
                return Set.of();
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "update actions set claimed_until = ? where id = ? and owner = ? and status = 'pending'")) {
                for (long id : held) {
                    update.setObject(1, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
                    update.setLong(2, id);
                    update.setString(3, instance.id());
                    update.addBatch();
                }
                int[] counts = update.executeBatch();
                Set<Long> renewed = new HashSet<>();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 1) {
                        renewed.add(held.get(i));
                    }
                }
                return renewed;
            }
        });
    }

    public long depth() {
        return Action.count("status", ActionStatus.PENDING);
    }

    public long dead() {
        return Action.count("status", ActionStatus.DEAD);
    }

    /**
     * Whether results may add items of {@code kind} the known state has no row for. Agents have
     * no listing: a result is how they are learned. Buttons: the account's listing says which
     * exist (a button it lacks is forgotten at the next one, one it has is taken in then), so a
     * result only updates a stored button — unless a listing is underway: it may have read the
     * button before this result's request, and storing the result first is what makes that
     * reading stale instead of stored over it. Asked only when a result names a button without
     * a row, or (H2) one the mirror does not know. (Adding every button, a job naming a new one
     * per event filled the state with buttons the next listing deleted again: BENCHMARKS.md,
     * session 13.)
     */
    private boolean addsNew(String kind) {
        return !KnownState.BUTTON.equals(kind) || state.roundUnderway(BUTTON_LISTING);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
