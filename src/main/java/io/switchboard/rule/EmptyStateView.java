package io.switchboard.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** Nothing known yet; replaced by the intake's state when it is there. */
@DefaultBean
@ApplicationScoped
public class EmptyStateView implements StateView {

    @Override
    public JsonNode agents() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Override
    public JsonNode buttons() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Override
    public JsonNode calls() {
        return JsonNodeFactory.instance.arrayNode();
    }
}
