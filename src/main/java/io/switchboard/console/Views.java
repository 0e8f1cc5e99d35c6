package io.switchboard.console;

import java.util.List;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.switchboard.action.ActionViews.ActionView;
import io.switchboard.console.ActivityChart.Chart;
import io.switchboard.console.AccountPage.AgentRow;
import io.switchboard.console.AccountPage.ButtonRow;
import io.switchboard.console.ConditionCheck.Issue;
import io.switchboard.console.RuleForm.ActionForm;
import io.switchboard.console.RulesPage.Errors;
import io.switchboard.console.RulesPage.Row;
import io.switchboard.console.RulesPage.Sample;
import io.switchboard.console.TracesPage.EventRow;
import io.switchboard.console.TracesPage.Filters;
import io.switchboard.console.TracesPage.TraceRow;
import io.switchboard.engine.ExecutionQueries.ExecutionView;
import io.switchboard.intake.StatusReport.Status;
import io.switchboard.rule.DryRun;
import io.switchboard.rule.RuleView;
import io.switchboard.web.Problem.FieldError;

/**
 * The console's pages and the fragments htmx swaps in ({@code src/main/resources/templates/console}),
 * type-checked at build time. Qute escapes every value it writes into HTML, so whatever a user
 * or a sender wrote (rule names, payloads, SnapCall's errors) shows as text, never as markup.
 */
@CheckedTemplate(basePath = "console")
public final class Views {

    private Views() {
    }

    static native TemplateInstance signin(Viewer viewer, String error);

    static native TemplateInstance rules(Viewer viewer, List<Row> rows, String search);

    static native TemplateInstance rules$table(Viewer viewer, List<Row> rows);

    static native TemplateInstance rules$row(Viewer viewer, Row row);

    static native TemplateInstance ruleEdit(Viewer viewer, RuleForm form, Errors errors, List<String> triggers,
            List<String> actionTypes, Long conflict, List<String> fields, List<Sample> samples, String sample);

    static native TemplateInstance ruleEdit$form(Viewer viewer, RuleForm form, Errors errors, List<String> triggers,
            List<String> actionTypes, Long conflict, List<String> fields, List<Sample> samples);

    static native TemplateInstance ruleCheck(List<Issue> issues, boolean blank);

    static native TemplateInstance ruleFields(List<String> fields, List<Sample> samples, boolean oob);

    static native TemplateInstance ruleAction(ActionForm action, List<String> actionTypes, boolean editable);

    static native TemplateInstance ruleSamples(List<Sample> samples, boolean oob);

    static native TemplateInstance ruleSample(String sample);

    static native TemplateInstance dryRun(DryRun result, List<FieldError> problems);

    static native TemplateInstance traces(Viewer viewer, List<TraceRow> rows, List<EventRow> latest, Filters filters,
            List<RuleView> rules, List<String> outcomes, int page, long total, boolean older, String drawnAt);

    static native TemplateInstance traceRow(TraceRow row);

    static native TemplateInstance eventRow(EventRow event);

    static native TemplateInstance trace(Viewer viewer, ExecutionView trace, EventRow event,
            List<ExecutionView> candidates);

    static native TemplateInstance status(Viewer viewer, Status status, Chart chart, List<ActionView> dead);

    static native TemplateInstance deadRow(Viewer viewer, ActionView action, long id, String note);

    static native TemplateInstance account(Viewer viewer, List<ButtonRow> buttons, List<AgentRow> agents);
}
