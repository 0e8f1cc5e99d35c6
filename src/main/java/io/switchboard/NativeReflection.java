package io.switchboard;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson reads or writes outside a REST signature (valueToTree/treeToValue in the
 * pollers and the action sender, generic pages of the client, nested records of views): a
 * native image only keeps the reflection it is told about. {@code SnapCallApi}'s methods are
 * read for their {@code Credential.Use} (which key each endpoint takes).
 */
@RegisterForReflection(targets = {
        io.switchboard.snapcall.model.AccountActivation.class,
        io.switchboard.snapcall.model.ActivatedAccount.class,
        io.switchboard.snapcall.model.Agent.class,
        io.switchboard.snapcall.model.AgentButton.class,
        io.switchboard.snapcall.model.AgentButtonRequest.class,
        io.switchboard.snapcall.model.AgentInfo.class,
        io.switchboard.snapcall.model.AgentStatus.class,
        io.switchboard.snapcall.model.AgentUpdate.class,
        io.switchboard.snapcall.model.BatchResult.class,
        io.switchboard.snapcall.model.Button.class,
        io.switchboard.snapcall.model.ButtonBatch.class,
        io.switchboard.snapcall.model.ButtonInfo.class,
        io.switchboard.snapcall.model.Call.class,
        io.switchboard.snapcall.model.CallStats.class,
        io.switchboard.snapcall.model.Deleted.class,
        io.switchboard.snapcall.model.DisplayRequest.class,
        io.switchboard.snapcall.model.Recording.class,
        io.switchboard.snapcall.model.ScheduleTemplate.class,
        io.switchboard.snapcall.model.SnapCallPage.class,
        io.switchboard.snapcall.model.User.class,
        io.switchboard.snapcall.SnapCallApi.class,
        io.switchboard.rule.Trigger.class,
        io.switchboard.rule.DryRun.class,
        io.switchboard.rule.DryRun.Condition.class,
        io.switchboard.rule.DryRun.PlannedAction.class,
        io.switchboard.web.Problem.class,
        io.switchboard.web.Problem.FieldError.class,
        io.switchboard.web.Page.class,
        io.switchboard.engine.ExecutionQueries.ExecutionView.class,
        io.switchboard.action.ActionViews.ActionView.class,
        io.switchboard.action.ActionViews.AttemptView.class,
})
public final class NativeReflection {

    private NativeReflection() {
    }
}
