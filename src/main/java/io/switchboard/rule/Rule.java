package io.switchboard.rule;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A stored rule. The validated definition is kept whole as canonical JSON; name, enabled and
 * trigger type are columns too, so listing and matching (by trigger type, through an index)
 * need not read the JSON.
 */
@Entity
@Table(name = "rules")
public class Rule extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true, length = 200)
    public String name;

    @Column(length = 2000)
    public String description;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "trigger_type", nullable = false, length = 40)
    public String triggerType;

    @Column(nullable = false, length = 200000)
    public String definition;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
