package io.switchboard.console;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.switchboard.action.ActionType;
import io.switchboard.auth.Roles;
import io.switchboard.engine.ExecutionQueries;
import io.switchboard.engine.ExecutionQueries.RuleActivity;
import io.switchboard.event.Event;
import io.switchboard.event.EventStore;
import io.switchboard.rule.DryRun;
import io.switchboard.rule.RuleConflictException;
import io.switchboard.rule.RuleInvalidException;
import io.switchboard.rule.RuleService;
import io.switchboard.rule.RuleView;
import io.switchboard.rule.TriggerType;
import io.switchboard.web.Page;
import io.switchboard.web.Problem.FieldError;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The console's rules: the list with what each rule did lately, the editor (condition checked
 * as it is typed, actions as a form, dry run), and switching and deleting. Everything goes
 * through {@link RuleService}, as the API does: the same validation, the same 409 on a stale
 * version — shown here as a choice between reloading and overwriting.
 */
@Path("/console/rules")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.VIEWER)
public class RulesPage {

    /** A rule in the list, with its activity over the last day. */
    public record Row(RuleView rule, RuleActivity activity) {
    }

    /** A recent event offered as a dry run's sample. */
    public record Sample(long id, String subject, String receivedAt) {
    }

    @Inject
    RuleService rules;

    @Inject
    ExecutionQueries executions;

    @Inject
    EventStore events;

    @Inject
    SecurityIdentity identity;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @GET
    public TemplateInstance list(@QueryParam("q") String search) {
        return Views.rules(Viewer.of(identity), rows(search), search == null ? "" : search);
    }

    @GET
    @Path("/table")
    public TemplateInstance table(@QueryParam("q") String search) {
        return Views.rules$table(Viewer.of(identity), rows(search));
    }

    @GET
    @Path("/new")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance create() {
        return editor(RuleForm.blank(), Map.of(), null);
    }

    @GET
    @Path("/{id}")
    public TemplateInstance edit(@PathParam("id") long id) {
        return editor(RuleForm.of(rules.get(id)), Map.of(), null);
    }

    /** Saves the form: back to the list, or the form again with every fault next to its field. */
    @POST
    @Path("/save")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<Object> save(MultivaluedMap<String, String> fields) {
        RuleForm form = RuleForm.parse(fields);
        if (form.id() != null && fields.containsKey("overwrite")) {
            form = form.atVersion(rules.get(form.id()).version());
        }
        List<FieldError> errors = new ArrayList<>();
        ObjectNode json = form.toJson(errors);
        try {
            if (errors.isEmpty()) {
                RuleView saved = form.id() == null ? rules.create(json) : rules.update(form.id(), json);
                return RestResponse.ResponseBuilder.ok().header("HX-Redirect", "/console/rules?saved=" + saved.id())
                        .build();
            }
        } catch (RuleInvalidException e) {
            errors.addAll(e.errors());
        } catch (RuleConflictException e) {
            if (!e.field().equals("version")) {
                errors.add(new FieldError(e.field(), e.getMessage()));
            } else {
                return RestResponse.ok(Views.ruleEdit$form(Viewer.of(identity), form, new Errors(Map.of()),
                        TriggerType.wireNames(), ActionType.wireNames(), rules.get(form.id()).version(),
                        eventFields(form.trigger()), samples(form.trigger())));
            }
        }
        Map<String, String> byField = new LinkedHashMap<>();
        errors.forEach(e -> byField.merge(e.field(), e.reason(), (a, b) -> a + "; " + b));
        return RestResponse.ok(Views.ruleEdit$form(Viewer.of(identity), form.withErrors(byField), new Errors(byField),
                TriggerType.wireNames(), ActionType.wireNames(), null, eventFields(form.trigger()),
                samples(form.trigger())));
    }

    @POST
    @Path("/condition")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance checkCondition(@FormParam("condition") String condition) {
        return Views.ruleCheck(ConditionCheck.check(condition), condition == null || condition.isBlank());
    }

    @GET
    @Path("/fields")
    public TemplateInstance fields(@QueryParam("trigger") String trigger) {
        return Views.ruleFields(eventFields(trigger), samples(trigger), true);
    }

    /** A new action row (or a row whose type changed), numbered after the form's others. */
    @POST
    @Path("/action")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance action(MultivaluedMap<String, String> fields, @QueryParam("index") Integer index,
            @QueryParam("type") String type) {
        String chosen = type != null ? type
                : index == null ? ActionType.BUTTON_SET_ACTIVE.wire() : fields.getFirst("actions[" + index + "].type");
        int at = index != null ? index : RuleForm.parse(fields).nextIndex();
        return Views.ruleAction(RuleForm.action(at, chosen == null ? "" : chosen, Map.of()), ActionType.wireNames(),
                true);
    }

    /** A recent event's fields, as the dry run's sample. */
    @GET
    @Path("/sample")
    public TemplateInstance sample(@QueryParam("sample") Long id, @QueryParam("trigger") String trigger) {
        Event event = id == null ? null : Event.findById(id);
        JsonNode fields = event != null ? events.fields(event) : sampleOf(trigger);
        return Views.ruleSample(fields.toPrettyString());
    }

    /**
     * The dry run: the rule as in the form (for a viewer, the stored rule) against the sample
     * event, with the exact requests its actions would send. Nothing is sent.
     */
    @POST
    @Path("/dry-run")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance dryRun(MultivaluedMap<String, String> fields) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        List<FieldError> errors = new ArrayList<>();
        try {
            request.set("event", JsonNodeFactory.instance.objectNode().setAll(parseObject(fields.getFirst("event"))));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("event", e.getMessage()));
        }
        DryRun result = null;
        if (errors.isEmpty()) {
            try {
                RuleForm form = RuleForm.parse(fields);
                if (Viewer.of(identity).admin() || form.id() == null) {
                    request.set("rule", form.toJson(errors));
                    result = errors.isEmpty() ? rules.test(request) : null;
                } else {
                    result = rules.test(form.id(), request);
                }
            } catch (RuleInvalidException e) {
                errors.addAll(e.errors());
            }
        }
        return Views.dryRun(result, errors);
    }

    @POST
    @Path("/{id}/enable")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance enable(@PathParam("id") long id) {
        rules.setEnabled(id, true);
        return row(id);
    }

    @POST
    @Path("/{id}/disable")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance disable(@PathParam("id") long id) {
        rules.setEnabled(id, false);
        return row(id);
    }

    @POST
    @Path("/{id}/delete")
    @RolesAllowed(Roles.ADMIN)
    public RestResponse<Object> delete(@PathParam("id") long id) {
        rules.delete(id);
        return RestResponse.ResponseBuilder.ok().header("HX-Redirect", "/console/rules").build();
    }

    /** Field errors by their path, for the template. */
    public record Errors(Map<String, String> byField) {
        public String of(String field) {
            return byField.get(field);
        }

        public boolean any() {
            return !byField.isEmpty();
        }
    }

    private TemplateInstance editor(RuleForm form, Map<String, String> errors, Long conflict) {
        return Views.ruleEdit(Viewer.of(identity), form, new Errors(errors), TriggerType.wireNames(),
                ActionType.wireNames(), conflict, eventFields(form.trigger()), samples(form.trigger()),
                sampleOf(form.trigger()).toPrettyString());
    }

    private TemplateInstance row(long id) {
        RuleView rule = rules.get(id);
        return Views.rules$row(Viewer.of(identity), new Row(rule, executions.activity(List.of(id), dayAgo()).get(id)));
    }

    private List<Row> rows(String search) {
        Page<RuleView> found = rules.list(0, Page.MAX_SIZE, null, null, search);
        Map<Long, RuleActivity> activity = executions.activity(found.items().stream().map(RuleView::id).toList(),
                dayAgo());
        return found.items().stream().map(r -> new Row(r, activity.get(r.id()))).toList();
    }

    private Instant dayAgo() {
        return clock.instant().minus(Duration.ofDays(1));
    }

    private static List<String> eventFields(String trigger) {
        return TriggerType.fromWire(trigger).map(TriggerType::eventFields).orElse(TriggerType.COMMON_FIELDS);
    }

    private List<Sample> samples(String trigger) {
        if (trigger == null || TriggerType.fromWire(trigger).isEmpty()) {
            return List.of();
        }
        return events.list(0, 20, trigger, null, null).items().stream()
                .map(e -> new Sample(e.id, e.subject, e.receivedAt.toString())).toList();
    }

    /** A skeleton event of the trigger: its fields, empty, to fill in. */
    private static ObjectNode sampleOf(String trigger) {
        ObjectNode sample = JsonNodeFactory.instance.objectNode();
        TriggerType.fromWire(trigger).ifPresent(t -> t.eventFields().stream()
                .filter(f -> !TriggerType.COMMON_FIELDS.contains(f))
                .forEach(f -> {
                    if (f.equals("payload") || f.equals("changes") || f.equals("call")) {
                        sample.putObject(f);
                    } else {
                        sample.put(f, "");
                    }
                }));
        return sample;
    }

    private ObjectNode parseObject(String text) {
        try {
            JsonNode node = json.readTree(text == null ? "" : text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("must be a JSON object, e.g. {\"agent\": \"alice@example.com\"}");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
