package io.switchboard.sandbox;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.ws.rs.core.MediaType;

/** An error answer of the sandbox, in SnapCall's shape: {@code {"error": "..."}}. */
public class SandboxError extends RuntimeException {

    private final int status;

    public SandboxError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static SandboxError badRequest(String message) {
        return new SandboxError(400, message);
    }

    public static SandboxError notFound(String what) {
        return new SandboxError(404, what + " not found");
    }

    public int status() {
        return status;
    }

    public static ObjectNode body(String message) {
        return JsonNodeFactory.instance.objectNode().put("error", message);
    }

    static class Mapper {
        @ServerExceptionMapper
        RestResponse<ObjectNode> map(SandboxError error) {
            return RestResponse.ResponseBuilder.<ObjectNode> create(error.status())
                    .entity(body(error.getMessage())).type(MediaType.APPLICATION_JSON_TYPE).build();
        }
    }
}
