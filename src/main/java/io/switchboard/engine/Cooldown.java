package io.switchboard.engine;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A rule that fired for a subject stays quiet for that subject until {@code untilAt}. */
@Entity
@Table(name = "cooldowns")
@IdClass(Cooldown.Key.class)
public class Cooldown extends PanacheEntityBase {

    @Id
    @Column(name = "rule_id")
    public long ruleId;

    @Id
    @Column(length = 300)
    public String subject;

    @Column(name = "until_at", nullable = false)
    public Instant untilAt;

    public static class Key implements Serializable {
        public long ruleId;
        public String subject;

        public Key() {
        }

        public Key(long ruleId, String subject) {
            this.ruleId = ruleId;
            this.subject = subject;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && ruleId == k.ruleId && Objects.equals(subject, k.subject);
        }

        @Override
        public int hashCode() {
            return Objects.hash(ruleId, subject);
        }
    }
}
