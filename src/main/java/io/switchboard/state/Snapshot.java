package io.switchboard.state;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** The last known state of one SnapCall agent, button or call, and when it was read. */
@Entity
@Table(name = "snapshots")
@IdClass(Snapshot.Key.class)
public class Snapshot extends PanacheEntityBase {

    public static final int KEY_LENGTH = 300;
    public static final int DATA_LENGTH = 200_000;

    @Id
    @Column(length = 10)
    public String kind;

    @Id
    @Column(name = "item_key", length = KEY_LENGTH)
    public String itemKey;

    @Column(nullable = false, length = DATA_LENGTH)
    public String data;

    @Column(name = "seen_at", nullable = false)
    public Instant seenAt;

    /** Bumped on every change of {@code data}: agent and button events use it in their dedupe key. */
    @Column(nullable = false)
    public long sequence;

    /** From one sequence for the whole table, taken when {@code data} changes: replicas read what is newer than they saw. */
    @Column(nullable = false)
    public long version;

    public static class Key implements Serializable {
        public String kind;
        public String itemKey;

        public Key() {
        }

        public Key(String kind, String itemKey) {
            this.kind = kind;
            this.itemKey = itemKey;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(kind, k.kind) && Objects.equals(itemKey, k.itemKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, itemKey);
        }
    }
}
